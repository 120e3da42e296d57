using Lad.Engine.Model;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.DeadLetters;
using Lad.Grains.Incidents;
using Lad.Grains.Management;
using Lad.Grains.Retention;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using MongoDB.Driver;
using Lad.Grains.Mongo;
using Lad.Grains.MySql;
using Lad.Grains.Polling;

namespace Lad.Grains.Detection;

/// <summary>What every host detector in a silo shares: the configuration, the silo's MongoDB client (LAD's own state
/// lives in MongoDB whatever the logs' store), the log source, the anomaly sink and the engine options.</summary>
public sealed class DetectorServices
{
    private readonly IMongoClient _client;

    /// <summary>Connects (lazily, as the driver does) to the configured MongoDB, through the client that grain storage,
    /// membership and reminders of the same server share.</summary>
    /// <param name="config">A validated configuration.</param>
    /// <param name="clients">The process's MongoDB clients (they own the client; this does not dispose it).</param>
    public DetectorServices(LadConfig config, MongoClients clients)
    {
        Config = config;
        Options = DetectorOptionsMapping.From(config);
        _client = clients.For(MongoConnectionString.From(config), config.MongoCaFile);
        Shape = MongoDocumentShape.From(config);
        // A MySQL source has no MongoDB input database; the MongoDB readers of input (change streams, incident context)
        // are then given LAD's own, where they find no log documents.
        var input = _client.GetDatabase(config.ReadsMySql ? config.TargetDatabase : config.InputDatabase);
        Source = config.ReadsMySql
            ? new MySqlLogSource(MySqlConnections.For(config.MySqlInput), Shape, config.KeyOf)
            : new MongoLogSource(input, Shape);
        Stream = new ChangeStreamTail(input, Shape);
        Scanner = new MongoCollectionScanner(input, Shape);
        AnomalyIndexes = new AnomalyIndexes(_client.GetDatabase(config.TargetDatabase), config.Retention);
        HourlyCounts = new HourlyAnomalyCounts(_client.GetDatabase(config.TargetDatabase), config.Retention);
        // One store for the silo's dead letters, whichever writes them, keeping their expiry.
        DeadLetters = new MongoDeadLetterStore(_client.GetDatabase(config.TargetDatabase), config.Retention);
        Sink = config.WritesMySql
            ? new MySqlAnomalySink(MySqlConnections.For(config.MySqlTarget), Shape, DeadLetters)
            : new MongoAnomalySink(_client.GetDatabase(config.TargetDatabase), indexes: AnomalyIndexes, hourly: HourlyCounts, deadLetters: DeadLetters);
        SourceStore = new MongoSourceStore(_client.GetDatabase(config.TargetDatabase));
        Feedback = new MongoFeedbackStore(_client.GetDatabase(config.TargetDatabase));
        AnomalyReader = new MongoAnomalyReader(_client.GetDatabase(config.TargetDatabase));
        Incidents = new MongoIncidentStore(_client.GetDatabase(config.TargetDatabase), config.Retention);
        IncidentContext = new IncidentContextReader(
            input, _client.GetDatabase(config.TargetDatabase), Shape);
        Mongo = new MongoReachability(_client, _client.GetDatabase(config.TargetDatabase));
    }

    /// <summary>The configuration.</summary>
    public LadConfig Config { get; }

    /// <summary><c>MG_TARGET_DB</c>, on the shared client.</summary>
    public IMongoDatabase TargetDatabase => _client.GetDatabase(Config.TargetDatabase);

    /// <summary>The engine options from the configuration.</summary>
    public DetectorOptions Options { get; }

    /// <summary>Where the log documents keep message, host, level and time.</summary>
    public MongoDocumentShape Shape { get; }

    /// <summary>Reads log lines: documents of <c>MG_INPUT_DB</c>, or rows of <c>MYSQL_INPUT_DB</c> (<c>STORAGE_DATASOURCE: mysql</c>).</summary>
    public ILogSource Source { get; }

    /// <summary>Whether hosts tail change streams: <c>MG_CHANGE_STREAMS</c> with a MongoDB source (a MySQL table is polled).</summary>
    public bool ChangeStreams => Config.ChangeStreams && !Config.ReadsMySql;

    /// <summary>Reads new log documents from change streams, where MongoDB offers them.</summary>
    public ChangeStreamTail Stream { get; }

    /// <summary>The queries of a collection's shared poll (<see cref="CollectionPollerGrain"/>).</summary>
    public MongoCollectionScanner Scanner { get; }

    /// <summary>Whether this silo found change streams unavailable (then every host polls).</summary>
    public ChangeStreamSupport StreamSupport { get; } = new();

    /// <summary>Writes anomalies into <c>MG_TARGET_DB</c>, or into <c>MYSQL_TARGET_DB</c> (<c>STORAGE_DATASINK: mysql</c>).</summary>
    public IAnomalySink Sink { get; }

    /// <summary>The indexes (and retention expiry) of the anomaly collections.</summary>
    public AnomalyIndexes AnomalyIndexes { get; }

    /// <summary>Anomalies per host and hour, kept by the MongoDB sink for the console's charts.</summary>
    public HourlyAnomalyCounts HourlyCounts { get; }

    /// <summary>Keeps documents that could not be scored or written (<c>lad_dead_letters</c>).</summary>
    public MongoDeadLetterStore DeadLetters { get; }

    /// <summary>The run-time log sources (<c>lad_sources</c>).</summary>
    public MongoSourceStore SourceStore { get; }

    /// <summary>Human feedback (<c>lad_feedback</c>).</summary>
    public MongoFeedbackStore Feedback { get; }

    /// <summary>Reads stored anomalies back.</summary>
    public MongoAnomalyReader AnomalyReader { get; }

    /// <summary>Incidents and the record of which anomaly each counted (<c>lad_incidents</c>, <c>lad_incident_lines</c>).</summary>
    public MongoIncidentStore Incidents { get; }

    /// <summary>Reads the lines around incidents' samples from the input collections.</summary>
    public IncidentContextReader IncidentContext { get; }

    /// <summary>Pings MongoDB and names it (host:port) in failures.</summary>
    public MongoReachability Mongo { get; }

    /// <summary>The source of <paramref name="collection"/>: the stored run-time source, else the YAML's.</summary>
    /// <exception cref="InvalidOperationException">The collection is neither stored nor in <c>LOG_SOURCES</c>, or its
    /// source breaks a <see cref="SourceRules"/> rule (such as a target among LAD's own collections).</exception>
    public async Task<SourceDefinition> SourceOfAsync(string collection, CancellationToken cancellationToken) =>
        Runnable(await SourceStore.FindAsync(collection, cancellationToken) ?? ConfiguredSource(collection));

    /// <summary>
    /// As <see cref="SourceOfAsync"/> for one of its hosts (<see cref="MongoSourceStore.FindForHostAsync"/>): the
    /// source's settings with <paramref name="host"/> as its one host, read without the source's host list; null when
    /// the collection is neither stored nor in <c>LOG_SOURCES</c> (its source was removed).
    /// </summary>
    /// <exception cref="InvalidOperationException">The source breaks a <see cref="SourceRules"/> rule.</exception>
    public async Task<SourceDefinition?> FindSourceOfHostAsync(HostKey host, CancellationToken cancellationToken)
    {
        if (await SourceStore.FindForHostAsync(host.Collection, host.Hostname, cancellationToken) is { } stored)
        {
            return Runnable(stored);
        }

        return FindConfiguredSource(host.Collection) is { } configured ? Runnable(configured with { Hostnames = [host.Hostname] }) : null;
    }

    private SourceDefinition ConfiguredSource(string collection) => FindConfiguredSource(collection) ?? throw NotRegistered(collection);

    /// <summary>The error of a call that needs <paramref name="collection"/>'s source when it has none.</summary>
    /// <param name="collection">The input collection.</param>
    public static InvalidOperationException NotRegistered(string collection) =>
        new($"collection '{collection}' is not a registered source (lad sources list)");

    private SourceDefinition? FindConfiguredSource(string collection) =>
        Config.Sources.Where(s => s.Collection == collection).Select(SourceDefinition.From).FirstOrDefault();

    // Checked again here because a host can be woken (by its reminder) without the registry, which skips such entries.
    private SourceDefinition Runnable(SourceDefinition source) =>
        SourceRules.Problems(source, Config.InputDatabase == Config.TargetDatabase, [source.Collection]) is [var (field, problem), ..]
            ? throw new InvalidOperationException($"source '{source.Collection}' cannot run: {field}: {problem}")
            : source;

    /// <summary>The collection (<c>MG_TARGET_COL</c>) or MySQL table (<see cref="MySqlTargetTables"/>) receiving
    /// <paramref name="source"/>'s anomalies.</summary>
    /// <param name="source">The log source.</param>
    public string TargetOf(SourceDefinition source) => Config.WritesMySql
        ? MySqlTargetTables.Of(source.Collection, source.MySqlTargetTable, Config.MySqlTargetTable)
        : source.TargetCollection;
}

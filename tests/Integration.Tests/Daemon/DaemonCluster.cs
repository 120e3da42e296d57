using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Alerts;
using Lad.Grains.Detection;
using Lad.Grains.Retry;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Logging;
using Lad.Integration.Tests.Metrics;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A one-silo test cluster running the LAD daemon from YAML, with a fast schedule.</summary>
internal sealed class DaemonCluster : IAsyncDisposable
{
    private const string YamlKey = "LadTest:Yaml";
    private const string StorageKey = "LadTest:StorageConnection";
    private const string PollKey = "LadTest:PollMs";
    private const string BatchesKey = "LadTest:BatchesPerTick";
    private const string RetrainKey = "LadTest:RetrainMs";
    private const string HoldKey = "LadTest:HoldTrainings";
    private const string TelemetryKey = "LadTest:Telemetry";
    private const string LogsKey = "LadTest:Logs";
    private const string DeadlineKey = "LadTest:StepDeadlineMs";
    private const string ResponseTimeoutKey = "LadTest:ResponseTimeoutMs";

    private readonly TestCluster _cluster;
    private bool _stopped;

    private DaemonCluster(TestCluster cluster, LadConfig config)
    {
        _cluster = cluster;
        Config = config;
    }

    public LadConfig Config { get; }

    public IGrainFactory Grains => _cluster.GrainFactory;

    public IServiceProvider SiloServices => _cluster.GetSiloServiceProvider();

    /// <summary>The hold on trainings of a cluster started with <c>holdTrainings</c>.</summary>
    public TrainingHold TrainingHold => SiloServices.GetRequiredService<TrainingHold>();

    /// <param name="yaml">The daemon configuration.</param>
    /// <param name="storageConnection">Grain state connection when it must differ from the configuration's (outage tests).</param>
    /// <param name="pollMilliseconds">The poll interval.</param>
    /// <param name="batchesPerTick">Most batches per timer tick (1 makes a backlog take many ticks).</param>
    /// <param name="retrainMilliseconds">The retrain interval; 0 keeps the configuration's.</param>
    /// <param name="holdTrainings">Trainings wait at the training gate until <see cref="TrainingHold.Release"/>.</param>
    /// <param name="captureTelemetry">The silo's OpenTelemetry exports to an in-memory <see cref="CapturedTelemetry"/> service.</param>
    /// <param name="captureLogs">The silo's log entries are kept in an in-memory <see cref="CapturedLogs"/> service too.</param>
    /// <param name="stepDeadlineMilliseconds">The step deadline of hosts and polls, and the deadline of operators' requests:
    /// shorter than the daemon's, so that a reply that never comes is retried well within a test's wait.</param>
    /// <param name="responseTimeoutMilliseconds">How long the silo's grain calls wait for their answer; 0 keeps Orleans' default.</param>
    public static async Task<DaemonCluster> StartAsync(
        string yaml, string? storageConnection = null, int pollMilliseconds = 200, int batchesPerTick = 20, int retrainMilliseconds = 0,
        bool holdTrainings = false, bool captureTelemetry = false, int stepDeadlineMilliseconds = 20_000, int responseTimeoutMilliseconds = 0,
        bool captureLogs = false)
    {
        var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
        var builder = new TestClusterBuilder(1);

        // Grain state is keyed by service id: a restarted cluster must keep it to find its hosts' state.
        builder.Options.ServiceId = "lad-" + config.TargetDatabase;
        builder.Properties[YamlKey] = yaml;
        builder.Properties[StorageKey] = storageConnection ?? "";
        builder.Properties[PollKey] = pollMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.Properties[BatchesKey] = batchesPerTick.ToString(CultureInfo.InvariantCulture);
        builder.Properties[RetrainKey] = retrainMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.Properties[HoldKey] = holdTrainings.ToString(CultureInfo.InvariantCulture);
        builder.Properties[TelemetryKey] = captureTelemetry.ToString(CultureInfo.InvariantCulture);
        builder.Properties[LogsKey] = captureLogs.ToString(CultureInfo.InvariantCulture);
        builder.Properties[DeadlineKey] = stepDeadlineMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.Properties[ResponseTimeoutKey] = responseTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<Configurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new DaemonCluster(cluster, config);
    }

    public IHostDetectorGrain Host(string collection, string hostname) =>
        Grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, hostname).ToGrainKey());

    public async Task<IReadOnlyList<HostStatus>> StatusesAsync() =>
        await Task.WhenAll(Config.Sources.SelectMany(s => s.Hostnames.Select(h => Host(s.Collection, h).GetStatusAsync())));

    /// <summary>Waits until every configured host has a model and is detecting. A host whose activation failed (it reads
    /// its source's settings from MongoDB, which a loaded machine or a test's forwarder can keep waiting past the
    /// configured timeouts) is asked again, as the daemon's own keep-alive asks it: only the wait's end fails the test.</summary>
    public async Task<IReadOnlyList<HostStatus>> WaitAllDetectingAsync(TimeSpan timeout)
    {
        var last = await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return (Statuses: await StatusesAsync(), Error: (string?)null);
                }
                catch (Exception e) when (e is TimeoutException or OrleansException or MongoException)
                {
                    return (Statuses: (IReadOnlyList<HostStatus>)[], Error: e.Message);
                }
            },
            probe => probe.Error is null && probe.Statuses.All(s => s.Phase == DetectorPhase.Detecting),
            timeout,
            probe => probe.Error ?? string.Join("; ", probe.Statuses.Select(s => $"{s.Host}: {s.Phase} {s.Reason}")));
        return last.Statuses;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _cluster.StopAllSilosAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var settings = siloBuilder.Configuration;
            var config = LadConfigLoader.Load(settings[YamlKey]!, new Dictionary<string, string>());
            var poll = TimeSpan.FromMilliseconds(int.Parse(settings[PollKey]!, CultureInfo.InvariantCulture));
            if (bool.Parse(settings[HoldKey]!))
            {
                // Registered before the daemon, so it takes the gate's slots before any host starts training.
                siloBuilder.Services.AddSingleton<TrainingHold>();
                siloBuilder.Services.AddHostedService(services => services.GetRequiredService<TrainingHold>());
            }

            if (bool.Parse(settings[TelemetryKey]!))
            {
                CapturedTelemetry.AddTo(siloBuilder.Services);
            }

            if (bool.Parse(settings[LogsKey]!))
            {
                CapturedLogs.AddTo(siloBuilder.Services);
            }

            siloBuilder.AddLadDaemon(config, timings =>
            {
                timings.PollInterval = poll;
                timings.BackoffInitial = TimeSpan.FromMilliseconds(200);
                timings.BackoffMax = TimeSpan.FromSeconds(1);
                timings.MaxBatchesPerTick = int.Parse(settings[BatchesKey]!, CultureInfo.InvariantCulture);
                timings.StepDeadline = TimeSpan.FromMilliseconds(int.Parse(settings[DeadlineKey]!, CultureInfo.InvariantCulture));
                timings.RequestDeadline = timings.StepDeadline;
                timings.HostStartPeriod = TimeSpan.FromSeconds(1);
                if (int.Parse(settings[RetrainKey]!, CultureInfo.InvariantCulture) is > 0 and var retrain)
                {
                    timings.RetrainInterval = TimeSpan.FromMilliseconds(retrain);
                }
            }, alerts =>
            {
                alerts.PollInterval = TimeSpan.FromMilliseconds(100);
                alerts.Backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
                alerts.LeaseDuration = TimeSpan.FromSeconds(5);
            });
            if (int.Parse(settings[ResponseTimeoutKey]!, CultureInfo.InvariantCulture) is > 0 and var responseTimeout)
            {
                siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(responseTimeout));
            }

            if (settings[StorageKey] is { Length: > 0 } storage)
            {
                siloBuilder.Services.Configure<MongoGrainStorageOptions>(DetectorStorage.ProviderName, o => o.ConnectionString = storage);
            }
        }
    }
}

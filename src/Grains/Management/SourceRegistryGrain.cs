using Lad.Engine.Source;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Detection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Grains.Management;

/// <summary>The cluster's source list, kept in <see cref="MongoSourceStore"/> and seeded once from the YAML.</summary>
/// <remarks>One activation serialises every change, so concurrent <c>lad sources</c> calls cannot lose each other's hosts.</remarks>
internal sealed partial class SourceRegistryGrain(
    DetectorServices services, IOptions<DetectorTimings> timings, HostDetectorStarter starter, ILogger<SourceRegistryGrain> logger) : Grain, ISourceRegistryGrain
{
    private MongoSourceStore Store => services.SourceStore;

    private bool _seeded;

    // Seeded by the first request rather than at activation: a failed activation reached the operator as the driver's
    // raw exception, where a request's failure is described (see DetectorTimings.WithinRequestDeadlineAsync).
    private async Task SeedOnceAsync(CancellationToken cancellationToken)
    {
        if (!_seeded)
        {
            await Store.SeedOnceAsync(services.Config.Sources, cancellationToken);
            _seeded = true;
        }
    }

    public Task<IReadOnlyList<SourceDefinition>> ListAsync() =>
        timings.Value.WithinRequestDeadlineAsync<IReadOnlyList<SourceDefinition>>(services.Mongo, async token => await RunnableSourcesAsync(token));

    public Task<SourceDefinition> AddAsync(string collection, IReadOnlyList<string> hostnames, string? targetCollection, string? sessionRegex = null) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => AddAsync(collection, hostnames, targetCollection, sessionRegex, token));

    private async Task<SourceDefinition> AddAsync(string collection, IReadOnlyList<string> hostnames, string? targetCollection, string? sessionRegex, CancellationToken cancellationToken)
    {
        RequireName("collection", collection);
        if (hostnames.Count == 0)
        {
            throw new LadRequestException("hostnames: give at least one host to add");
        }

        foreach (var host in hostnames)
        {
            RequireName("hostname", host);
        }

        await SeedOnceAsync(cancellationToken);
        var existing = await Store.FindAsync(collection, cancellationToken);
        string target;
        if (existing is null)
        {
            target = string.IsNullOrWhiteSpace(targetCollection)
                ? throw new LadRequestException($"target collection: source '{collection}' is new, so give the collection its anomalies go to")
                : targetCollection;
        }
        else
        {
            target = existing.TargetCollection;
            if (!string.IsNullOrWhiteSpace(targetCollection) && targetCollection != target)
            {
                throw new LadRequestException(
                    $"target collection: source '{collection}' already writes to '{target}', not '{targetCollection}'; remove it first to change that");
            }
        }

        if (sessionRegex is not null && !SessionKeyPattern.TryCreate(sessionRegex, out _, out var patternProblem))
        {
            throw new LadRequestException($"session regex: {patternProblem}");
        }

        if (existing is not null && sessionRegex is not null && sessionRegex != existing.SessionRegex)
        {
            throw new LadRequestException(
                $"session regex: source '{collection}' keys sessions by {Describe(existing.SessionRegex)}, not '{sessionRegex}'; remove it first to change that");
        }

        var hosts = (existing?.Hostnames ?? []).Concat(hostnames.Where(h => existing?.Hostnames.Contains(h) != true)).Distinct().ToList();
        var source = new SourceDefinition(collection, hosts, target, existing is null ? sessionRegex : existing.SessionRegex, existing?.MySqlTargetTable);
        var inputs = (await RunnableSourcesAsync(cancellationToken)).Select(s => s.Collection).Append(collection);
        if (SourceRules.Problems(source, SameDatabase, inputs) is [var (field, problem), ..])
        {
            throw new LadRequestException($"{field}: {problem}");
        }

        await Store.SaveAsync(source, cancellationToken);
        // Started by the silo's starter, not in this call: thousands of hosts took longer to start than a request may,
        // and kept this registry from answering anyone meanwhile.
        starter.StartAdded();
        return source;
    }

    public Task<SourceDefinition?> RemoveAsync(string collection, IReadOnlyList<string> hostnames) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => RemoveAsync(collection, hostnames, token));

    private async Task<SourceDefinition?> RemoveAsync(string collection, IReadOnlyList<string> hostnames, CancellationToken cancellationToken)
    {
        await SeedOnceAsync(cancellationToken);
        var existing = await Store.FindAsync(collection, cancellationToken);
        if (existing is null)
        {
            // An unreadable stored entry is not listed, but removing the whole source still clears it.
            return hostnames.Count == 0 && await Store.DeleteAsync(collection, cancellationToken)
                ? null
                : throw new LadRequestException($"collection: no source '{collection}' (see lad sources list)");
        }

        var unknown = hostnames.Where(h => !existing.Hostnames.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw new LadRequestException($"hostname: source '{collection}' has no host {string.Join(", ", unknown.Select(h => $"'{h}'"))}");
        }

        var removed = hostnames.Count == 0 ? existing.Hostnames : hostnames;
        var kept = existing.Hostnames.Except(removed).ToList();
        SourceDefinition? source = null;
        if (kept.Count == 0)
        {
            await Store.DeleteAsync(collection, cancellationToken);
        }
        else
        {
            source = existing with { Hostnames = kept };
            await Store.SaveAsync(source, cancellationToken);
        }

        foreach (var chunk in removed.Chunk(HostDetectorStarter.StartsAtOnce))
        {
            await Task.WhenAll(chunk.Select(h => Detector(collection, h).StopAsync()));
        }

        starter.Forget(removed.Select(h => new HostKey(collection, h)));
        return source;
    }

    private IHostDetectorGrain Detector(string collection, string hostname) =>
        GrainFactory.GetGrain<IHostDetectorGrain>(new HostKey(collection, hostname).ToGrainKey());

    // A stored entry that cannot run (edited by hand, or stored before a rule existed) is reported and left out, so it
    // can neither stop the other sources nor make LAD write over its own collections.
    private async Task<List<SourceDefinition>> RunnableSourcesAsync(CancellationToken cancellationToken)
    {
        await SeedOnceAsync(cancellationToken);
        var stored = await Store.ListAsync((id, problem) => LogUnreadableSource(id, problem), cancellationToken);
        var inputs = stored.Select(s => s.Collection).ToList();
        var runnable = new List<SourceDefinition>();
        foreach (var source in stored)
        {
            if (SourceRules.Problems(source, SameDatabase, inputs) is [var (field, problem), ..])
            {
                LogUnrunnableSource(source.Collection, field, problem);
            }
            else
            {
                runnable.Add(source);
            }
        }

        return runnable;
    }

    private bool SameDatabase => services.Config.InputDatabase == services.Config.TargetDatabase;

    private static string Describe(string? sessionRegex) => sessionRegex is null ? "nothing (one stream per host)" : $"'{sessionRegex}'";

    private static void RequireName(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LadRequestException($"{field}: must not be empty");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored source {Id} in lad_sources is unreadable ({Problem}); skipped, the other sources run")]
    private partial void LogUnreadableSource(string id, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored source {Collection} cannot run ({Field}: {Problem}); skipped, the other sources run (remove it with lad sources remove)")]
    private partial void LogUnrunnableSource(string collection, string field, string problem);
}

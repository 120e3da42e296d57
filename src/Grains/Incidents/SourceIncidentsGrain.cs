using Lad.Engine.Incidents;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Detection;
using Lad.Grains.Retry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Grains.Incidents;

/// <summary>The single writer of one source's incidents, so anomalies of all its hosts group together without two
/// silos opening the same incident twice.</summary>
/// <remarks>
/// Each batch: anomalies already recorded in <c>lad_incident_lines</c> are skipped, the rest are grouped
/// (<see cref="IncidentGrouper"/>), the incidents are written, then the line records, then every touched incident's count
/// is set from its line records. A failure at any step throws to the host detector, whose batch is retried from its
/// checkpoint: incident ids derive from their first anomaly, line records are insert-only and counts are recounted, so
/// the replay ends where an uninterrupted run would have. Unresolved incidents live in memory (loaded at activation);
/// a timer resolves those quiet for <c>INCIDENT_QUIET_PERIOD</c>.
/// </remarks>
internal sealed partial class SourceIncidentsGrain(
    DetectorServices services,
    IEnumerable<IIncidentObserver> observers,
    IOptions<DetectorTimings> timings,
    TimeProvider time,
    ILogger<SourceIncidentsGrain> logger) : Grain, ISourceIncidentsGrain
{
    private static readonly TimeSpan LongestSweep = TimeSpan.FromMinutes(1);
    private IncidentGrouper _grouper = null!;
    private string _source = "";
    private bool _stale;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _source = this.GetPrimaryKeyString();
        var options = IncidentGroupingMapping.From(services.Config);
        await ReloadAsync(cancellationToken);

        // Often enough that an incident resolves within a small part of its quiet period after it ends.
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.QuietPeriod.Ticks / 4, TimeSpan.TicksPerSecond, LongestSweep.Ticks));
        this.RegisterGrainTimer(ResolveQuietAsync, new GrainTimerCreationOptions { DueTime = sweep, Period = sweep, Interleave = false, KeepAlive = true });
    }

    public Task StartAsync() => Task.CompletedTask;

    public async Task RecordAsync(IReadOnlyList<IncidentAnomaly> anomalies)
    {
        if (anomalies.Count == 0)
        {
            return;
        }

        try
        {
            await UnderDeadlineAsync(token => GroupAsync(anomalies, token), CancellationToken.None);
        }
        catch
        {
            // What this activation holds may be ahead of what is stored: the replay starts again from the store.
            _stale = true;
            throw;
        }
    }

    private async Task GroupAsync(IReadOnlyList<IncidentAnomaly> anomalies, CancellationToken cancellation)
    {
        await ReloadIfStaleAsync(cancellation);
        var counted = await services.Incidents.CountedAsync([.. anomalies.Select(a => a.Id).Distinct(StringComparer.Ordinal)], cancellation);
        var fresh = anomalies.Where(a => !counted.ContainsKey(a.Id)).ToList();
        var grouped = _grouper.Assign(fresh.Select(a => new AnomalyOccurrence(a.Id, _source, a.Host, a.Time, a.Template, a.Message, a.Reasons, a.Score)));

        await services.Incidents.SaveAsync(grouped.Changes.Select(c => c.Incident), cancellation);
        var times = fresh.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Time, StringComparer.Ordinal);
        await services.Incidents.RecordLinesAsync(_source, grouped.IncidentOf, times, cancellation);

        // Incidents of anomalies recorded by an attempt that failed before its recount are recounted too.
        var touched = grouped.IncidentOf.Values.Concat(counted.Values).Distinct(StringComparer.Ordinal);
        var recounted = new List<Incident>();
        foreach (var id in touched)
        {
            if (_grouper.Find(id) is { } incident)
            {
                incident.Recount(await services.Incidents.CountLinesAsync(id, cancellation));
                recounted.Add(incident);
            }
        }

        await services.Incidents.SaveAsync(recounted.Select(i => i.Snapshot()), cancellation);
        var final = recounted.ToDictionary(i => i.Id, i => i.Snapshot(), StringComparer.Ordinal);
        await NotifyAsync([.. grouped.Changes.Select(c => final.TryGetValue(c.Incident.Id, out var now) ? c with { Incident = now } : c)]);
    }

    public Task<IncidentSummary> AcknowledgeAsync(string id, string by) =>
        ChangeAsync(id, () => _grouper.Acknowledge(id, by, time.GetUtcNow().UtcDateTime));

    public Task<IncidentSummary> ResolveAsync(string id, string by) =>
        ChangeAsync(id, () => _grouper.Resolve(id, by, time.GetUtcNow().UtcDateTime));

    private async Task<IncidentSummary> ChangeAsync(string id, Func<IncidentChange?> change)
    {
        await UnderDeadlineAsync(ReloadIfStaleAsync, CancellationToken.None);
        var made = change() ?? throw new LadRequestException($"id: incident '{id}' is not an unresolved incident of source '{_source}'");
        try
        {
            await UnderDeadlineAsync(token => services.Incidents.SaveAsync([made.Incident], token), CancellationToken.None);
        }
        catch
        {
            _stale = true;
            throw;
        }

        await NotifyAsync([made]);
        return IncidentDocument.Summary(made.Incident);
    }

    private async Task ResolveQuietAsync(CancellationToken timerToken)
    {
        await UnderDeadlineAsync(ReloadIfStaleAsync, timerToken);
        var resolved = _grouper.ResolveQuiet(time.GetUtcNow().UtcDateTime);
        if (resolved.Count == 0)
        {
            return;
        }

        try
        {
            await UnderDeadlineAsync(token => services.Incidents.SaveAsync(resolved.Select(c => c.Incident), token), timerToken);
            await NotifyAsync(resolved);
        }
        catch (Exception e) when (!timerToken.IsCancellationRequested)
        {
            // Not stored: reload from what is, so the next sweep resolves them again.
            LogResolveFailed(_source, resolved.Count, e);
            _stale = true;
        }
    }

    // The grain takes one call at a time: a MongoDB reply that never comes would hold every host of the source, each
    // waiting to record its anomalies, so its reads and writes run under the hosts' step deadline.
    private Task UnderDeadlineAsync(Func<CancellationToken, Task> step, CancellationToken stopping) =>
        StepDeadline.RunAsync(timings.Value.StepDeadline, time, stopping, step);

    private async Task ReloadIfStaleAsync(CancellationToken cancellationToken)
    {
        if (_stale)
        {
            await ReloadAsync(cancellationToken);
            _stale = false;
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken) =>
        _grouper = new IncidentGrouper(IncidentGroupingMapping.From(services.Config), await services.Incidents.UnresolvedAsync(_source, cancellationToken));

    private async Task NotifyAsync(IReadOnlyList<IncidentChange> changes)
    {
        foreach (var observer in observers)
        {
            await observer.OnChangedAsync(changes, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Count} quiet incident(s) could not be stored as resolved; retrying at the next sweep")]
    private partial void LogResolveFailed(string source, int count, Exception error);
}

using Lad.Engine.Incidents;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Detection;
using Lad.Grains.Security;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Lad.Grains.Incidents;

/// <summary>Reads incidents for the console and the HTTP API and hands acknowledgements and resolutions to the
/// incident's source grain, their one writer.</summary>
[StatelessWorker]
internal sealed class IncidentQueryGrain(DetectorServices services, IOptions<DetectorTimings> timings) : Grain, IIncidentQueryGrain
{
    /// <summary>Most lines of context a detail request may ask for on each side of a sample.</summary>
    public const int MaxContext = 50;

    /// <summary>Most incidents a timeline counts (the latest opened).</summary>
    public const int MaxTimelineIncidents = 100_000;

    private static readonly TimeSpan DefaultTimelineRange = TimeSpan.FromHours(24);

    public Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => ListAsync(query, token));

    private async Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit < 1)
        {
            throw new LadRequestException($"limit: must be at least 1, not {query.Limit}");
        }

        if (query.Skip < 0)
        {
            throw new LadRequestException($"skip: must be at least 0, not {query.Skip}");
        }

        ValidateState(query.State);

        var incidents = await services.Incidents.ListAsync(
            query.OpenOnly, query.Source, query.Host, query.Since, query.Limit, cancellationToken, query.State, query.Until, query.Skip);
        return [.. incidents.Select(i => IncidentDocument.Summary(i))];
    }

    public Task<IncidentTimeline> TimelineAsync(IncidentQuery query) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => TimelineAsync(query, token));

    private async Task<IncidentTimeline> TimelineAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ValidateState(query.State);
        // Whole minutes, as the console's time filters are: a bar's bounds are then a filter that lists its incidents.
        var to = Minute(query.Until ?? DateTime.UtcNow.AddMinutes(1));
        var from = Minute(query.Since ?? to - DefaultTimelineRange);
        if (to <= from)
        {
            throw new LadRequestException($"until: {to:O} is not after since ({from:O})");
        }

        var width = TimeBuckets.WidthFor(from, to);
        var opened = await services.Incidents.FirstSeenAsync(
            query.OpenOnly, query.Source, query.Host, query.State, from, to, MaxTimelineIncidents, cancellationToken);
        return new IncidentTimeline(from, to, width.TotalSeconds, TimeBuckets.Count(opened, from, to, width), opened.Count == MaxTimelineIncidents);
    }

    public Task<OpenIncidentCounts> OpenCountsAsync() =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => OpenCountsAsync(token));

    private async Task<OpenIncidentCounts> OpenCountsAsync(CancellationToken cancellationToken)
    {
        var open = await services.Incidents.OpenHostsAsync(cancellationToken);
        var hosts = open.SelectMany(i => i.Hosts.Distinct(StringComparer.Ordinal).Select(h => (i.Source, Host: h)))
            .CountBy(h => h)
            .OrderBy(c => c.Key.Source, StringComparer.Ordinal).ThenBy(c => c.Key.Host, StringComparer.Ordinal)
            .Select(c => new HostOpenIncidents(c.Key.Source, c.Key.Host, c.Value));
        return new OpenIncidentCounts(open.Count, [.. hosts]);
    }

    public Task<IncidentSummary> GetAsync(string id, int context) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => GetAsync(id, context, token));

    private async Task<IncidentSummary> GetAsync(string id, int context, CancellationToken cancellationToken)
    {
        if (context is < 0 or > MaxContext)
        {
            throw new LadRequestException($"context: must be between 0 and {MaxContext} lines, not {context}");
        }

        var incident = await FindAsync(id, cancellationToken);
        var summary = IncidentDocument.Summary(incident);
        Abstractions.Sources.SourceDefinition source;
        try
        {
            source = await services.SourceOfAsync(incident.Source, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The source was removed since: the incident is still shown, its samples without context.
            return summary;
        }

        var samples = await services.IncidentContext.ReadAsync(incident.Source, source.TargetCollection, summary.Samples, context, cancellationToken);
        return summary with { Samples = samples };
    }

    public Task<IncidentSummary> AcknowledgeAsync(string id, string? by) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => AcknowledgeAsync(id, by, token));

    private async Task<IncidentSummary> AcknowledgeAsync(string id, string? by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(id, cancellationToken);
        return await GrainFactory.GetGrain<ISourceIncidentsGrain>(incident.Source).AcknowledgeAsync(id, Who(by));
    }

    public Task<IncidentSummary> ResolveAsync(string id, string? by) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => ResolveAsync(id, by, token));

    private async Task<IncidentSummary> ResolveAsync(string id, string? by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(id, cancellationToken);
        return await GrainFactory.GetGrain<ISourceIncidentsGrain>(incident.Source).ResolveAsync(id, Who(by));
    }

    private static DateTime Minute(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);

    private static void ValidateState(string? state)
    {
        if (state is not null and not ("open" or "acknowledged" or "resolved"))
        {
            throw new LadRequestException($"state: '{state}' is not open, acknowledged or resolved");
        }
    }

    private async Task<Engine.Incidents.IncidentSnapshot> FindAsync(string id, CancellationToken cancellationToken) =>
        await services.Incidents.FindAsync(id, cancellationToken)
        ?? throw new LadRequestException($"id: no incident '{id}' (see lad incidents)");

    // As for feedback: a client's call carries the token name the silo's call filter found; only the silo's own calls
    // (its HTTP API, which authenticated the request) say who themselves.
    private static string Who(string? by) => CallIdentity.ClientName ?? by ?? CallIdentity.Anonymous;
}

using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Anomalies;
using Lad.Grains.Detection;
using Lad.Grains.Sink;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Lad.Grains.Management;

/// <summary>Answers anomaly queries by reading every relevant target collection and merging newest first.</summary>
[StatelessWorker]
internal sealed class AnomalyQueryGrain(DetectorServices services, IOptions<DetectorTimings> timings) : Grain, IAnomalyQueryGrain
{
    /// <summary>Most hours an hourly count covers (a week).</summary>
    public const int MaxHours = 168;

    public Task<IReadOnlyList<AnomalySummary>> QueryAsync(AnomalyQuery query) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => QueryAsync(query, token));

    public Task<HourlyAnomalies> HourlyAsync(int hours, string? collection = null, string? hostname = null) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => HourlyAsync(hours, collection, hostname, token));

    private async Task<IReadOnlyList<AnomalySummary>> QueryAsync(AnomalyQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit < 1)
        {
            throw new LadRequestException($"limit: must be at least 1, not {query.Limit}");
        }

        var sources = await services.SourceStore.ListAsync(unreadable: null, cancellationToken);
        if (query.Collection is { } wanted && sources.All(s => s.Collection != wanted))
        {
            throw new LadRequestException($"source: '{wanted}' is not a registered source (see lad sources list)");
        }

        var targets = sources.Where(s => query.Collection is null || s.Collection == query.Collection)
            .Select(s => s.TargetCollection)
            .Distinct(StringComparer.Ordinal);
        var found = await Task.WhenAll(targets.Select(t =>
            services.AnomalyReader.ReadAsync(t, query.Collection, query.Hostname, query.Since, query.Limit, cancellationToken)));
        return found.SelectMany(a => a)
            .OrderByDescending(a => a.DetectedAt)
            .ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
    }

    private async Task<HourlyAnomalies> HourlyAsync(int hours, string? collection, string? hostname, CancellationToken cancellationToken)
    {
        if (hours is < 1 or > MaxHours)
        {
            throw new LadRequestException($"hours: must be between 1 and {MaxHours}, not {hours}");
        }

        var sources = await services.SourceStore.ListAsync(unreadable: null, cancellationToken);
        if (collection is not null && sources.All(s => s.Collection != collection))
        {
            throw new LadRequestException($"source: '{collection}' is not a registered source (see lad sources list)");
        }

        var from = HourlyAnomalyCounts.HourOf(DateTime.UtcNow).AddHours(1 - hours);
        var counts = await services.HourlyCounts.ReadAsync(from, hours, collection, hostname, cancellationToken);
        var registered = sources.SelectMany(s => s.Hostnames.Select(h => (s.Collection, h))).ToHashSet();
        var hosts = counts
            .Where(c => registered.Contains(c.Key))
            .OrderBy(c => c.Key.Source, StringComparer.Ordinal).ThenBy(c => c.Key.Host, StringComparer.Ordinal)
            .Select(c => new HostHourlyAnomalies(c.Key.Source, c.Key.Host, c.Value));
        return new HourlyAnomalies(from, hours, [.. hosts]);
    }
}

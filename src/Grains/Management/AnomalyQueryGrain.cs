using Lad.Engine.Incidents;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Anomalies;
using Lad.Grains.Detection;
using Orleans.Concurrency;

namespace Lad.Grains.Management;

/// <summary>Answers anomaly queries by reading every relevant target collection and merging newest first.</summary>
[StatelessWorker]
internal sealed class AnomalyQueryGrain(DetectorServices services) : Grain, IAnomalyQueryGrain
{
    /// <summary>Most hours an hourly count covers (a week).</summary>
    public const int MaxHours = 168;

    public async Task<IReadOnlyList<AnomalySummary>> QueryAsync(AnomalyQuery query)
    {
        if (query.Limit < 1)
        {
            throw new LadRequestException($"limit: must be at least 1, not {query.Limit}");
        }

        var sources = await services.SourceStore.ListAsync(unreadable: null, CancellationToken.None);
        if (query.Collection is { } wanted && sources.All(s => s.Collection != wanted))
        {
            throw new LadRequestException($"source: '{wanted}' is not a registered source (see lad sources list)");
        }

        var targets = sources.Where(s => query.Collection is null || s.Collection == query.Collection)
            .Select(s => s.TargetCollection)
            .Distinct(StringComparer.Ordinal);
        var found = await Task.WhenAll(targets.Select(t =>
            services.AnomalyReader.ReadAsync(t, query.Collection, query.Hostname, query.Since, query.Limit, CancellationToken.None)));
        return found.SelectMany(a => a)
            .OrderByDescending(a => a.DetectedAt)
            .ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
    }

    public async Task<HourlyAnomalies> HourlyAsync(int hours)
    {
        if (hours is < 1 or > MaxHours)
        {
            throw new LadRequestException($"hours: must be between 1 and {MaxHours}, not {hours}");
        }

        var from = DateTime.UtcNow.AddHours(-hours);
        var sources = await services.SourceStore.ListAsync(unreadable: null, CancellationToken.None);
        var found = await Task.WhenAll(sources.Select(s => s.TargetCollection).Distinct(StringComparer.Ordinal)
            .Select(t => services.AnomalyReader.DetectionTimesAsync(t, from, CancellationToken.None)));
        var registered = sources.SelectMany(s => s.Hostnames.Select(h => (s.Collection, h))).ToHashSet();
        var hosts = found.SelectMany(f => f)
            .Where(a => registered.Contains((a.Source, a.Host)))
            .GroupBy(a => (a.Source, a.Host))
            .OrderBy(g => g.Key.Source, StringComparer.Ordinal).ThenBy(g => g.Key.Host, StringComparer.Ordinal)
            .Select(g => new HostHourlyAnomalies(g.Key.Source, g.Key.Host, TimeBuckets.Count(g.Select(a => a.DetectedAt), from, from.AddHours(hours), TimeSpan.FromHours(1))));
        return new HourlyAnomalies(from, hours, [.. hosts]);
    }
}

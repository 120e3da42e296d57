using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Anomalies;
using Lad.Grains.Detection;
using Orleans.Concurrency;

namespace Lad.Grains.Management;

/// <summary>Answers anomaly queries by reading every relevant target collection and merging newest first.</summary>
[StatelessWorker]
internal sealed class AnomalyQueryGrain(DetectorServices services) : Grain, IAnomalyQueryGrain
{
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
}

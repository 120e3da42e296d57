using Lad.Engine.Incidents;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Incidents;

/// <summary>The grouping rules a configuration sets (<c>INCIDENT_QUIET_PERIOD</c>, <c>INCIDENT_BURST_GAP</c> and the seed
/// fork's <c>AGGR_*</c> keys).</summary>
public static class IncidentGroupingMapping
{
    /// <summary>The options of <paramref name="config"/>.</summary>
    public static IncidentGroupingOptions From(LadConfig config) => new()
    {
        QuietPeriod = config.IncidentQuietPeriod,
        BurstGap = config.IncidentBurstGap,
        MaxSpan = config.AggregationTimeSpan,
        SimilarityRadius = config.AggregationEps,
        MinSamples = config.AggregationMinSamples,
    };
}

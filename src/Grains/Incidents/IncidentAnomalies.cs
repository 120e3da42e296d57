using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Sink;
using MongoDB.Bson;

namespace Lad.Grains.Incidents;

/// <summary>Turns the anomalies a host wrote into what its source's incidents take.</summary>
public static class IncidentAnomalies
{
    /// <summary>The written anomalies of a batch; those set aside as dead letters are not in the sink and are left out.</summary>
    /// <param name="sourceCollection">The input collection.</param>
    /// <param name="anomalies">The batch's anomalies.</param>
    /// <param name="deadLettered">Source ids the sink set aside.</param>
    /// <param name="now">The time of an anomaly whose source did not date it.</param>
    public static List<IncidentAnomaly> From(
        string sourceCollection, IEnumerable<DetectedAnomaly> anomalies, IEnumerable<BsonValue> deadLettered, DateTime now)
    {
        var setAside = deadLettered.ToHashSet();
        return [.. anomalies.Where(a => !setAside.Contains(a.Source.Id)).Select(a => new IncidentAnomaly(
            AnomalyDocument.IdOf(sourceCollection, a),
            a.Source.Record.Host,
            a.Source.Time ?? now,
            a.Verdict.Explanation.Template,
            a.Source.Record.Message,
            a.Verdict.Explanation.Reasons,
            a.Verdict.Score))];
    }
}

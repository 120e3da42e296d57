using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>Turns a host's volume findings into anomalies the sink writes (and incidents group) like any other.</summary>
/// <remarks>A finding has no source document: it stands in as one holding the host and the finding's reason under the
/// configured field names, so dashboards reading those fields see it. Its verdict carries no model score: the figures
/// are in the reason.</remarks>
internal static class VolumeAnomalies
{
    public static IReadOnlyList<DetectedAnomaly> From(
        HostKey host, IEnumerable<VolumeFinding> findings, MongoDocumentShape shape, string modelVersion, DateTime detectedAt) =>
        findings.Select(finding =>
        {
            var document = new BsonDocument { [shape.HostnameField] = host.Hostname, [shape.MessageField] = finding.Reason };
            var source = new PolledRecord(BsonNull.Value, new LogRecord(finding.Reason, null, host.Hostname), document, finding.IntervalStart);
            var verdict = new AnomalyVerdict(1, 0, new Explanation([finding.Reason], finding.Template ?? "", 0, 0, null));
            return new DetectedAnomaly(source, verdict, modelVersion, detectedAt, Volume: finding);
        }).ToList();
}

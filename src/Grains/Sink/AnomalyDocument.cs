using System.IO.Hashing;
using System.Text;
using Lad.Engine.Volume;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Grains.Sink;

/// <summary>The layout of an anomaly document in <c>MG_TARGET_DB.&lt;MG_TARGET_COL&gt;</c>.</summary>
/// <remarks>The original log document's fields stay at the top level (so existing dashboards keep working), under
/// names MongoDB accepts whatever the originals were (<see cref="StorableFieldNames"/>); what LAD adds lives under
/// <see cref="LadField"/> so it can never collide with them.</remarks>
public static class AnomalyDocument
{
    /// <summary>The sub-document holding LAD's verdict.</summary>
    public const string LadField = "lad";

    /// <summary>The anomaly's <c>_id</c>: the same for the same source document, so retries never duplicate.</summary>
    /// <param name="sourceCollection">The input collection the document came from.</param>
    /// <param name="sourceId">The source document's <c>_id</c> (<see cref="SourceIds"/> names it).</param>
    public static string IdFor(string sourceCollection, BsonValue sourceId) => $"{sourceCollection}:{SourceIds.Text(sourceId)}";

    /// <summary>The <c>_id</c> of a session's unusual ending, reported at its last line: apart from that line's own
    /// anomaly, and as stable under retries.</summary>
    /// <param name="sourceCollection">The input collection the session's lines came from.</param>
    /// <param name="lastLineId">The <c>_id</c> of the session's last line.</param>
    public static string IdForSessionEnd(string sourceCollection, BsonValue lastLineId) => $"{IdFor(sourceCollection, lastLineId)}:session-end";

    /// <summary>The <c>_id</c> of a volume anomaly: one per host, kind, interval and template, so the same finding made
    /// again (after a restart) is not written twice.</summary>
    /// <param name="sourceCollection">The input collection of the host.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="finding">The finding.</param>
    public static string IdForVolume(string sourceCollection, string hostname, VolumeFinding finding)
    {
        var id = $"{sourceCollection}:{hostname}:{KindOf(finding.Kind)}:{finding.IntervalStart.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}";
        return finding.Template is { } template
            ? $"{id}:{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(template)):x16}"
            : id;
    }

    /// <summary>The <c>lad.kind</c> of a volume finding.</summary>
    /// <param name="kind">The finding's kind.</param>
    public static string KindOf(VolumeFindingKind kind) => kind switch
    {
        VolumeFindingKind.Surge => "volume_surge",
        VolumeFindingKind.Vanished => "volume_vanished",
        VolumeFindingKind.Silent => "host_silent",
        VolumeFindingKind.NewTemplateFlood => "new_template_flood",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown volume finding"),
    };

    /// <summary>The <c>_id</c> of the document written for <paramref name="anomaly"/> (what incidents count it by).</summary>
    /// <param name="sourceCollection">The input collection the document came from.</param>
    /// <param name="anomaly">The anomaly.</param>
    public static string IdOf(string sourceCollection, DetectedAnomaly anomaly) =>
        anomaly.Volume is { } volume ? IdForVolume(sourceCollection, anomaly.Source.Record.Host, volume)
        : anomaly.EndedSession is null ? IdFor(sourceCollection, anomaly.Source.Id)
        : IdForSessionEnd(sourceCollection, anomaly.Source.Id);

    /// <summary>Builds the document written for <paramref name="anomaly"/>.</summary>
    /// <param name="sourceCollection">The input collection the document came from.</param>
    /// <param name="anomaly">The anomaly.</param>
    public static BsonDocument Build(string sourceCollection, DetectedAnomaly anomaly)
    {
        var source = anomaly.Source;
        var explanation = anomaly.Verdict.Explanation;
        var document = new BsonDocument("_id", IdOf(sourceCollection, anomaly));
        foreach (var element in source.Document)
        {
            if (element.Name is not ("_id" or LadField))
            {
                document[StorableFieldNames.Escape(element.Name)] = StorableFieldNames.EscapeValue(element.Value);
            }
        }

        document[LadField] = new BsonDocument
        {
            ["source_id"] = source.Id,
            ["source_collection"] = sourceCollection,
            ["hostname"] = source.Record.Host,
            ["message"] = source.Record.Message,
            ["level"] = source.Record.Level is { } level ? level : BsonNull.Value,
            ["score"] = anomaly.Verdict.Score,
            ["threshold"] = anomaly.Verdict.Threshold,
            ["model_version"] = anomaly.ModelVersion,
            ["template"] = explanation.Template,
            ["reasons"] = new BsonArray(explanation.Reasons),
            ["template_training_count"] = explanation.TemplateTrainingCount,
            ["template_training_frequency"] = explanation.TemplateTrainingFrequency,
            ["nearest_normal"] = explanation.NearestNormal is { } nearest ? nearest : BsonNull.Value,
            ["detected_at"] = new BsonDateTime(anomaly.DetectedAt.ToUniversalTime()),
            ["kind"] = anomaly.Volume is { } finding ? KindOf(finding.Kind) : anomaly.EndedSession is null ? "line" : "session_end",
            ["session"] = source.Record.Session is { } session ? session : BsonNull.Value,
        };
        if (anomaly.Volume is { } figures)
        {
            document[LadField]["volume"] = new BsonDocument
            {
                ["observed"] = figures.Observed,
                ["usual"] = figures.Usual,
                ["interval_start"] = new BsonDateTime(figures.IntervalStart.ToUniversalTime()),
            };
        }

        return document;
    }
}

namespace Lad.Grains.Abstractions.Anomalies;

/// <summary>One stored anomaly with its explanation, as the console and scripts see it.</summary>
/// <param name="Id">The anomaly's <c>_id</c> (<c>collection:sourceId</c>), the id feedback takes.</param>
/// <param name="SourceCollection">The input collection of the line.</param>
/// <param name="Hostname">The host.</param>
/// <param name="Message">The line.</param>
/// <param name="Level">Its severity, when the documents carry one.</param>
/// <param name="Score">The model's score.</param>
/// <param name="Threshold">The threshold the score exceeded.</param>
/// <param name="Template">The line's template.</param>
/// <param name="Reasons">Why it is anomalous, strongest first.</param>
/// <param name="TemplateTrainingCount">Training lines of the same template.</param>
/// <param name="NearestNormal">The closest normal template seen in training, if any.</param>
/// <param name="ModelVersion">The model version that judged.</param>
/// <param name="DetectedAt">When (UTC).</param>
[GenerateSerializer, Immutable]
public sealed record AnomalySummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string SourceCollection,
    [property: Id(2)] string Hostname,
    [property: Id(3)] string Message,
    [property: Id(4)] string? Level,
    [property: Id(5)] double Score,
    [property: Id(6)] double Threshold,
    [property: Id(7)] string Template,
    [property: Id(8)] IReadOnlyList<string> Reasons,
    [property: Id(9)] long TemplateTrainingCount,
    [property: Id(10)] string? NearestNormal,
    [property: Id(11)] string ModelVersion,
    [property: Id(12)] DateTime DetectedAt);

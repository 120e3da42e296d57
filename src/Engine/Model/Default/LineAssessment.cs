namespace Lad.Engine.Model.Default;

/// <summary>
/// The default model's view of one line before it is turned into a verdict; <c>TemplateId</c> is the training
/// template the line matched, or -1 when training never saw its template. <c>NeverSeenValue</c> is set when the line
/// is rare only for holding a value (or word, or level) its template's place never held in training.
/// </summary>
internal sealed record LineAssessment(
    double Score,
    IReadOnlyList<Evidence> Evidence,
    string Template,
    long TemplateCount,
    double TemplateFrequency,
    string? NearestNormal,
    int TemplateId,
    string? NeverSeenValue = null)
{
    /// <summary>This assessment with one more piece of evidence weighed in (strongest first again).</summary>
    public LineAssessment With(EvidenceKind kind, double value, string reason)
    {
        var added = new Evidence(kind, value, EvidenceWeights.Of(kind) * value / EvidenceWeights.Total, reason);
        var evidence = Evidence.Append(added).OrderByDescending(e => e.Contribution).ToList();
        return this with { Score = Score + added.Contribution, Evidence = evidence };
    }
}

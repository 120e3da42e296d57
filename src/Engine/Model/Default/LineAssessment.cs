namespace Lad.Engine.Model.Default;

/// <summary>
/// The default model's view of one line before it is turned into a verdict; <c>TemplateId</c> is the training
/// template the line matched, or -1 when training never saw its template. <c>NeverSeenValue</c> is set when the line
/// is rare only for holding a value (or word, or level) its template's place never held in training.
/// <c>LevelBeyondHistory</c> is set when the line's level is more severe than any the host wrote in training.
/// <c>LevelSeverity</c> is its level's severity before a routine template's own level took its share off the severity
/// evidence (what a line at that level carries, for calibration); null where no profile weighed it, whose severity
/// evidence is then its level's.
/// </summary>
internal sealed record LineAssessment(
    double Score,
    IReadOnlyList<Evidence> Evidence,
    string Template,
    long TemplateCount,
    double TemplateFrequency,
    string? NearestNormal,
    int TemplateId,
    string? NeverSeenValue = null,
    bool LevelBeyondHistory = false,
    double? LevelSeverity = null)
{
    /// <summary>This assessment with one more piece of evidence weighed in (strongest first again).</summary>
    public LineAssessment With(EvidenceKind kind, double value, string reason)
    {
        var added = new Evidence(kind, value, ContributionOf(kind, value), reason);
        // The evidence is strongest first already: the new piece goes after every piece at least as strong, where a
        // stable sort of the pieces with it appended would put it.
        var evidence = new List<Evidence>(Evidence.Count + 1);
        var at = Evidence.Count;
        for (var i = 0; i < Evidence.Count; i++)
        {
            if (at == Evidence.Count && Evidence[i].Contribution.CompareTo(added.Contribution) < 0)
            {
                at = i;
            }

            evidence.Add(Evidence[i]);
        }

        evidence.Insert(at, added);
        return this with { Score = Score + added.Contribution, Evidence = evidence };
    }

    /// <summary>A piece of evidence's share of a line's score: its kind's weight times its strength, of the total weight.</summary>
    public static double ContributionOf(EvidenceKind kind, double value) => EvidenceWeights.Of(kind) * value / EvidenceWeights.Total;
}

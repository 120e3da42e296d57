namespace Lad.Engine.Model.Default;

/// <summary>
/// How much each evidence kind counts in the score. Fixed for every host and log: chosen once so that severity
/// and error vocabulary rank lines of the same novelty, while novelty, rarity and unusual values rank lines of the
/// same severity; no weight is tuned to one dataset.
/// </summary>
internal static class EvidenceWeights
{
    public static double Of(EvidenceKind kind) => kind switch
    {
        EvidenceKind.NewTemplate => 0.10,
        EvidenceKind.RareTemplate => 0.20,
        EvidenceKind.UnusualValue => 0.20,
        EvidenceKind.SemanticDistance => 0.15,
        EvidenceKind.ErrorVocabulary => 0.15,
        EvidenceKind.Severity => 0.20,
        // A step a session never took in training is as novel as a never-seen line without error words
        // (new template plus full rarity), since it is a never-seen event of the session.
        EvidenceKind.Context => 0.30,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown evidence kind"),
    };

    public static readonly double Total = Enum.GetValues<EvidenceKind>().Sum(Of);

    /// <summary>
    /// The score of a line with one full-strength reason of the standard weight and nothing else: a template training
    /// saw about once, a value never seen where training always saw the same few, or the most severe level. The
    /// lowest threshold a host gets (<see cref="ThresholdCalibration"/>).
    /// </summary>
    public static readonly double OneFullReasonScore = Of(EvidenceKind.RareTemplate) / Total;

    /// <summary>
    /// The score of a reference error line: a never-seen template half-similar to a normal one, with an error word
    /// of strength 0.8 ("error", "failed") at level ERROR. Any line scoring above it is worth reporting whatever
    /// the host's history looks like.
    /// </summary>
    public static readonly double ReferenceErrorScore =
        ((Of(EvidenceKind.NewTemplate) * 1.0) + (Of(EvidenceKind.RareTemplate) * 1.0) + (Of(EvidenceKind.SemanticDistance) * 0.5)
         + (Of(EvidenceKind.ErrorVocabulary) * 0.8) + (Of(EvidenceKind.Severity) * 0.75)) / Total;
}

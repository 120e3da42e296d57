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
    /// The most one reason of the standard weight (rarity, an unusual value, severity) can add to a score, which it
    /// only approaches: the lowest threshold a host gets (<see cref="ThresholdCalibration"/>). Where routine lines are
    /// quiet, a line is reported for two reasons together, or for one of a heavier kind (a never-seen step of its
    /// session or stream), but not for one lone unusual value or one rare template.
    /// </summary>
    public static readonly double OneFullReasonScore = Of(EvidenceKind.RareTemplate) / Total;

    /// <summary>
    /// The score of a reference new routine line: a never-seen template sharing no word with any normal one, with no
    /// error word and no severity. A host whose normal traffic keeps bringing new templates is not alarmed by such lines,
    /// but still by a new template with more to it, or a known one at a more severe level than the host ever wrote.
    /// </summary>
    public static readonly double ReferenceNewLineScore =
        (Of(EvidenceKind.NewTemplate) + Of(EvidenceKind.RareTemplate) + Of(EvidenceKind.SemanticDistance)) / Total;

    /// <summary>
    /// The score of a reference error line: a never-seen template half-similar to a normal one, with an error word
    /// of strength 0.8 ("error", "failed") at level ERROR. Any line scoring above it is worth reporting whatever
    /// the host's history looks like.
    /// </summary>
    public static readonly double ReferenceErrorScore =
        ((Of(EvidenceKind.NewTemplate) * 1.0) + (Of(EvidenceKind.RareTemplate) * 1.0) + (Of(EvidenceKind.SemanticDistance) * 0.5)
         + (Of(EvidenceKind.ErrorVocabulary) * 0.8) + (Of(EvidenceKind.Severity) * 0.75)) / Total;
}

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
        EvidenceKind.UnusualValue => 0.15,
        EvidenceKind.SemanticDistance => 0.15,
        EvidenceKind.ErrorVocabulary => 0.15,
        EvidenceKind.Severity => 0.25,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown evidence kind"),
    };

    public static readonly double Total = Enum.GetValues<EvidenceKind>().Sum(Of);
}

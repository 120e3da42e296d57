namespace Lad.Engine.Source.Synthetic;

/// <summary>The names anomaly kinds carry in the labels sidecar (<c>-</c> for a normal line).</summary>
public static class SyntheticAnomalyKindNames
{
    private static readonly Dictionary<string, SyntheticAnomalyKind> ByName = new(StringComparer.Ordinal)
    {
        ["-"] = SyntheticAnomalyKind.None,
        ["unseen-error"] = SyntheticAnomalyKind.UnseenError,
        ["abnormal-parameter"] = SyntheticAnomalyKind.AbnormalParameter,
        ["wrong-program"] = SyntheticAnomalyKind.WrongProgram,
        ["error-burst"] = SyntheticAnomalyKind.ErrorBurst,
    };

    /// <summary>The sidecar name of <paramref name="kind"/>.</summary>
    public static string ToName(SyntheticAnomalyKind kind) => kind switch
    {
        SyntheticAnomalyKind.None => "-",
        SyntheticAnomalyKind.UnseenError => "unseen-error",
        SyntheticAnomalyKind.AbnormalParameter => "abnormal-parameter",
        SyntheticAnomalyKind.WrongProgram => "wrong-program",
        SyntheticAnomalyKind.ErrorBurst => "error-burst",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown anomaly kind"),
    };

    /// <summary>Parses a sidecar name; false when it is not one of the names <see cref="ToName"/> produces.</summary>
    public static bool TryParse(string name, out SyntheticAnomalyKind kind) => ByName.TryGetValue(name, out kind);
}

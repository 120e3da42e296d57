namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// What a parameter's values are worth as evidence: the most surprising one (<paramref name="Surprise"/>, with its
/// <paramref name="Reason"/>), and the never-seen label of a closed place whose place took new values least often
/// (<paramref name="NeverSeen"/>, with that <paramref name="NeverSeenRate"/>; null and NaN when there is none).
/// </summary>
internal readonly record struct ParameterJudgement(double Surprise, string Reason, string? NeverSeen, double NeverSeenRate)
{
    /// <summary><paramref name="current"/> with one more judged value weighed in.</summary>
    public static ParameterJudgement Keep(ParameterJudgement? current, (double Surprise, string Reason, double LabelNewRate) judged, string value)
    {
        var (surprise, reason) = current is { } c && c.Surprise >= judged.Surprise ? (c.Surprise, c.Reason) : (judged.Surprise, judged.Reason);
        var closer = !double.IsNaN(judged.LabelNewRate) && (current?.NeverSeen is null || judged.LabelNewRate < current.Value.NeverSeenRate);
        return closer
            ? new ParameterJudgement(surprise, reason, value, judged.LabelNewRate)
            : new ParameterJudgement(surprise, reason, current?.NeverSeen, current?.NeverSeenRate ?? double.NaN);
    }
}

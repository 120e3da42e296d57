namespace Lad.Engine.Model.Default.Context;

/// <summary>A session a stream closed: where it stopped, and how unusual stopping there is (<see cref="Finding"/>).</summary>
internal sealed record SessionClosing(string Session, long Lines, long LastPosition, int LastTemplate, double Score, ClosingFinding Finding)
{
    /// <summary>Whether training seldom left a session with this one's template counts.</summary>
    public bool RareShape => Finding.RareShape;

    /// <summary>The closing score of a finding's value: weighed as context evidence, on the line scores' scale.</summary>
    public static double ScoreOf(double findingValue) =>
        EvidenceWeights.Of(EvidenceKind.Context) * findingValue / EvidenceWeights.Total;
}

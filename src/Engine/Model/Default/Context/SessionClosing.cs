namespace Lad.Engine.Model.Default.Context;

/// <summary>A session a stream closed: where it stopped, and how unusual stopping there is (<see cref="Finding"/>).</summary>
internal sealed record SessionClosing(string Session, long Lines, long LastPosition, int LastTemplate, double Score, ContextFinding Finding)
{
    /// <summary>The closing score: the ending's rarity weighed as context evidence, on the line scores' scale.</summary>
    public static double ScoreOf(ContextFinding finding) =>
        EvidenceWeights.Of(EvidenceKind.Context) * finding.Value / EvidenceWeights.Total;
}

namespace Lad.Engine.Model.Default;

/// <summary>One piece of evidence about a line.</summary>
/// <param name="Kind">What it measures.</param>
/// <param name="Value">Its strength in [0, 1].</param>
/// <param name="Contribution">Its share of the line's score (weight × value / total weight).</param>
/// <param name="Reason">A sentence with the figures behind it.</param>
public readonly record struct Evidence(EvidenceKind Kind, double Value, double Contribution, string Reason);

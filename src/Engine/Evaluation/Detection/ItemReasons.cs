namespace Lad.Engine.Evaluation.Detection;

/// <summary>Which scored items of an evaluation carry the reasons of their verdict.</summary>
public enum ItemReasons
{
    /// <summary>Every item, flagged or not (what <c>lad eval --scores</c> writes): every line's verdict is explained.</summary>
    Every,

    /// <summary>Only flagged items: lines are scored as a detector keeping only anomalies scores them, at its speed.</summary>
    FlaggedOnly,
}

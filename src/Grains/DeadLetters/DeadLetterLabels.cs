using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.DeadLetters;

/// <summary>The labels under which dead-letter reasons are stored, shown and exported.</summary>
public static class DeadLetterLabels
{
    /// <summary>The label of a dead-letter reason, e.g. <c>scoring_failed</c>.</summary>
    /// <param name="reason">The reason.</param>
    public static string Of(DeadLetterReason reason) => ReasonLabel.Of(reason.ToString());
}

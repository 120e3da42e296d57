namespace Lad.Grains.Abstractions.Feedback;

/// <summary>What a person said about a reported line.</summary>
public enum FeedbackVerdict
{
    /// <summary>The line is normal for the host: never report it (at the feedback's scope) again, and train on it.</summary>
    FalsePositive,

    /// <summary>The line is a real anomaly: kept as a labelled example.</summary>
    TruePositive,
}

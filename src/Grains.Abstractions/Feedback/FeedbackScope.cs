namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Which lines a false positive covers.</summary>
public enum FeedbackScope
{
    /// <summary>Exactly the message given.</summary>
    Line,

    /// <summary>Every line of the message's template (its variable parts may differ).</summary>
    Template,
}

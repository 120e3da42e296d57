namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Which lines a false positive covers.</summary>
public enum FeedbackScope
{
    /// <summary>Exactly the message given.</summary>
    Line,

    /// <summary>Every line of the message's template (its variable parts may differ).</summary>
    Template,

    /// <summary>One value at one parameter of the message's template: that value there is no evidence any more; other
    /// values there, and the rest of the line, still are.</summary>
    Value,
}

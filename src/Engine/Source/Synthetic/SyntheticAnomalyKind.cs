namespace Lad.Engine.Source.Synthetic;

/// <summary>What, if anything, is wrong with a generated line: the ground truth the demo and tests score against.</summary>
public enum SyntheticAnomalyKind
{
    /// <summary>A normal line drawn from the host's usual mix.</summary>
    None = 0,

    /// <summary>An error message the host never produces normally (e.g. a segfault or an I/O error).</summary>
    UnseenError,

    /// <summary>A familiar message whose categorical field has a value never seen normally (e.g. status 503).</summary>
    AbnormalParameter,

    /// <summary>A familiar message attributed to a program that never writes it.</summary>
    WrongProgram,

    /// <summary>One line of a burst of error-level repeats of a message that is normally rare and milder.</summary>
    ErrorBurst,
}

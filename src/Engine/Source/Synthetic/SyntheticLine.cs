namespace Lad.Engine.Source.Synthetic;

/// <summary>One generated syslog-style line with its ground-truth label.</summary>
/// <param name="Timestamp">When the line was "written" (UTC, millisecond precision).</param>
/// <param name="Host">The host that wrote it.</param>
/// <param name="Program">The syslog tag (program name).</param>
/// <param name="Pid">The process id in the tag.</param>
/// <param name="Level">The severity, or null for a line without one.</param>
/// <param name="Text">The message after the tag and level.</param>
/// <param name="Anomaly">The injected anomaly kind, <see cref="SyntheticAnomalyKind.None"/> for a normal line.</param>
public sealed record SyntheticLine(
    DateTimeOffset Timestamp,
    string Host,
    string Program,
    int Pid,
    string? Level,
    string Text,
    SyntheticAnomalyKind Anomaly)
{
    /// <summary>True when the line was injected as an anomaly.</summary>
    public bool IsAnomaly => Anomaly != SyntheticAnomalyKind.None;

    /// <summary>The line as the engine sees it: the message keeps its <c>program[pid]:</c> tag, as syslog does.</summary>
    public LogRecord ToRecord() => new($"{Program}[{Pid}]: {Text}", Level, Host);
}

using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Which context a line belongs to: its session when it has a key, otherwise its host's stream (where its steps are
/// taken within the process its syslog tag names, see <see cref="ContextState.PreviousOf"/>).
/// </summary>
internal readonly record struct ContextKey(bool IsSession, string Name)
{
    public static ContextKey Of(LogRecord record) =>
        record.Session is { } session ? new ContextKey(true, session) : new ContextKey(false, record.Host);

    /// <summary>
    /// The process <paramref name="record"/> came from within its host stream (<see cref="ProcessTag"/>), whose steps it
    /// continues there; 0 for a session's line, or one naming no process.
    /// </summary>
    public ulong ProcessOf(LogRecord record) => IsSession ? 0 : ProcessTag.Of(record.Message);
}

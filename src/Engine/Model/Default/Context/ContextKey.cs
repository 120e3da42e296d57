using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>Which context a line belongs to: its session when it has a key, otherwise its host's stream.</summary>
internal readonly record struct ContextKey(bool IsSession, string Name)
{
    public static ContextKey Of(LogRecord record) =>
        record.Session is { } session ? new ContextKey(true, session) : new ContextKey(false, record.Host);
}

using Lad.Engine.Source;

namespace Lad.Engine.Model;

/// <summary>
/// A host's history that a trainer can read several times over, oldest line first, without the history being held
/// in memory (a log file re-read for each pass); <see cref="Of"/> wraps lines already in memory.
/// </summary>
public abstract class HistorySource
{
    /// <summary>How many lines every read yields.</summary>
    public abstract int Count { get; }

    /// <summary>Reads the lines in order, from the line at index <paramref name="from"/> on.</summary>
    public abstract IEnumerable<LogRecord> Read(int from = 0);

    /// <summary>A source reading <paramref name="lines"/>.</summary>
    public static HistorySource Of(IReadOnlyList<LogRecord> lines) => new ListHistorySource(lines);
}

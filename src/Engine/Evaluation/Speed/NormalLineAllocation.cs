namespace Lad.Engine.Evaluation.Speed;

/// <summary>
/// What lines the model did not flag allocated while scored, split by whether the line opened a context (a session or
/// host stream the stream had not seen) or came in one already open: a new context's state is made once, a routine
/// line in an open one should cost nothing.
/// </summary>
internal sealed class NormalLineAllocation
{
    private long _bytes;
    private long _lines;
    private long _openBytes;
    private long _openLines;
    private long _newContexts;

    /// <summary>Counts one normal line that allocated <paramref name="bytes"/>.</summary>
    public void Add(long bytes, bool openedContext)
    {
        _bytes += bytes;
        _lines++;
        if (openedContext)
        {
            _newContexts++;
        }
        else
        {
            _openBytes += bytes;
            _openLines++;
        }
    }

    /// <summary>Bytes per normal line, all of them.</summary>
    public double PerLine => _lines == 0 ? 0 : (double)_bytes / _lines;

    /// <summary>Bytes per normal line that came in a context already open.</summary>
    public double PerLineInOpenContext => _openLines == 0 ? 0 : (double)_openBytes / _openLines;

    /// <summary>Bytes per normal line that opened a context (its state, the map's entry, the line's own cost).</summary>
    public double PerNewContext => _newContexts == 0 ? 0 : (double)(_bytes - _openBytes) / _newContexts;
}

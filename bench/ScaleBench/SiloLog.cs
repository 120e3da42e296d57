namespace Lad.ScaleBench;

/// <summary>Follows the file-mode silo's log (its standard error) for the moments the bench times (training started,
/// each host logged as trained or failed) and for its warnings.</summary>
/// <remarks>The silo logs a host as trained when its model is in use (<c>FileDetectorGrain</c>), so the last such
/// line is the moment every host is ready to score; nothing is added to the silo to observe it.</remarks>
internal sealed class SiloLog
{
    private const int TailLength = 30;
    private const int ProblemsKept = 10;
    private readonly object _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly List<string> _problems = [];
    private readonly int _hosts;
    private readonly Action _allTrained;

    /// <summary>Follows a silo expected to train <paramref name="hosts"/> hosts; <paramref name="allTrained"/> runs on
    /// the line that accounts for the last of them.</summary>
    public SiloLog(int hosts, Action allTrained)
    {
        _hosts = hosts;
        _allTrained = allTrained;
    }

    public TimeSpan? TrainingStarted { get; private set; }

    /// <summary>The first host's trained line: the training on the thread pool is over and the grain, in one turn,
    /// loads each model, opens its stream and logs it.</summary>
    public TimeSpan? FirstTrained { get; private set; }

    public TimeSpan? LastTrained { get; private set; }

    public int Trained { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Set when the silo logged that a whole training failed (it retries after a pause).</summary>
    public string? TrainingFailure { get; private set; }

    public bool Finished => Trained + Failed >= _hosts;

    /// <summary>Lines logged at Warning or above.</summary>
    public int Problems { get; private set; }

    /// <summary>The first few lines logged at Warning or above.</summary>
    public IReadOnlyList<string> FirstProblems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>The last lines of the log, for a run that went wrong.</summary>
    public string Tail
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public void Add(string? line, TimeSpan at)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLength)
            {
                _tail.Dequeue();
            }

            // The silo's console format: "<UTC time> warn: Category[0] message" (fail, crit likewise).
            if (line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal)
                || line.Contains(" crit: ", StringComparison.Ordinal))
            {
                Problems++;
                if (_problems.Count < ProblemsKept)
                {
                    _problems.Add(line);
                }
            }

            // The grain's messages (FileDetectorGrain, LocalFileSilo), matched on their fixed words.
            if (line.Contains(": training every host on the lines before byte", StringComparison.Ordinal))
            {
                TrainingStarted ??= at;
            }
            else if (line.Contains(" lines, threshold ", StringComparison.Ordinal) && line.Contains(" trained on ", StringComparison.Ordinal))
            {
                Count(at, failed: false);
            }
            else if (line.Contains(" could not be trained: ", StringComparison.Ordinal))
            {
                Count(at, failed: true);
            }
            else if (line.Contains(": training failed; retry in", StringComparison.Ordinal))
            {
                TrainingFailure ??= line;
            }
        }
    }

    private void Count(TimeSpan at, bool failed)
    {
        if (failed)
        {
            Failed++;
        }
        else
        {
            Trained++;
        }

        FirstTrained ??= at;
        LastTrained = at;
        if (Trained + Failed == _hosts)
        {
            _allTrained();
        }
    }
}

namespace Lad.Grains.Retry;

/// <summary>
/// The failures in a row of one kind of step (a host's poll, its training, a file's read), and when the step may be
/// tried again: each failure waits as long as <c>backoff</c> gives for its place in the streak (1 for the first), and
/// the step that gets through ends the streak.
/// </summary>
/// <param name="backoff">The pause after the given number of failures in a row (<c>DetectorTimings.Backoff</c>).</param>
internal sealed class FailureStreak(Func<int, TimeSpan> backoff)
{
    /// <summary>Failures in a row so far; 0 while the step succeeds.</summary>
    public int Count { get; private set; }

    /// <summary>What the last failure said, for a status; null while the step succeeds.</summary>
    public string? Reason { get; private set; }

    private DateTime _retryAt = DateTime.MinValue;

    /// <summary>Whether the step is still waiting out its last failure's pause at <paramref name="now"/>.</summary>
    public bool Waiting(DateTime now) => now < _retryAt;

    /// <summary>Whether the failure just counted is one to log (<see cref="RepeatedFailures"/>): the first, then every 60th.</summary>
    public bool Logged => RepeatedFailures.Logged(Count);

    /// <summary>
    /// Counts a failure at <paramref name="now"/> and returns the pause before the next try; <paramref name="reason"/>
    /// writes what the failure says from the failures in a row and that pause.
    /// </summary>
    public TimeSpan Failed(DateTime now, Func<int, TimeSpan, string>? reason = null)
    {
        Count++;
        var pause = backoff(Count);
        _retryAt = now + pause;
        Reason = reason?.Invoke(Count, pause);
        return pause;
    }

    /// <summary>Ends the streak (the step got through) and returns how many failures it had.</summary>
    public int Ended()
    {
        var failures = Count;
        Count = 0;
        Reason = null;
        _retryAt = DateTime.MinValue;
        return failures;
    }
}

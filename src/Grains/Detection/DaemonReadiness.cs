namespace Lad.Grains.Detection;

/// <summary>Whether this silo can do its work: MongoDB answers and the host detectors were started. Read by
/// <c>/readyz</c>.</summary>
/// <remarks>The MongoDB ping is cached for <see cref="PingCacheFor"/> and bounded by <see cref="PingTimeout"/>, so
/// frequent probes cost MongoDB at most one ping per interval and never hang.</remarks>
public sealed class DaemonReadiness
{
    /// <summary>Longest wait for MongoDB's answer.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a ping's answer is reused.</summary>
    public static readonly TimeSpan PingCacheFor = TimeSpan.FromSeconds(5);

    private readonly MongoReachability _mongo;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _pinging = new(1, 1);
    private volatile string? _detectorsNotStarted = "host detectors not started yet";
    private (DateTimeOffset At, string? Problem)? _lastPing;

    /// <summary>Creates the check over the daemon's MongoDB.</summary>
    /// <param name="services">Gives the MongoDB to ping.</param>
    /// <param name="time">The clock that ages the cached ping.</param>
    public DaemonReadiness(DetectorServices services, TimeProvider time)
    {
        _mongo = services.Mongo;
        _time = time;
    }

    /// <summary>Records that every registered host detector was started.</summary>
    public void DetectorsStarted() => _detectorsNotStarted = null;

    /// <summary>Records why the host detectors could not be started (yet).</summary>
    /// <param name="problem">What went wrong.</param>
    public void DetectorsNotStarted(string problem) => _detectorsNotStarted = $"host detectors not started: {problem}";

    /// <summary>Null when ready, else why not.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var mongo = await MongoProblemAsync(cancellationToken);
        return mongo ?? _detectorsNotStarted;
    }

    private async Task<string?> MongoProblemAsync(CancellationToken cancellationToken)
    {
        await _pinging.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (_lastPing is not { } last || now - last.At >= PingCacheFor)
            {
                _lastPing = last = (now, await _mongo.PingAsync(PingTimeout, cancellationToken));
            }

            return last.Problem;
        }
        finally
        {
            _pinging.Release();
        }
    }
}

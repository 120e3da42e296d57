namespace Lad.Grains.Mongo;

/// <summary>
/// A store's setup on MongoDB (its indexes, its expiry), run by the first call that needs it: later calls wait for that
/// run, and a run that failed or was cancelled (MongoDB unreachable) is made again by the next call, so a store made
/// while MongoDB was down sets itself up once it is back.
/// </summary>
/// <param name="setup">The setup; safe to run again after it failed.</param>
internal sealed class SetupOnce(Func<Task> setup)
{
    private readonly Lock _gate = new();
    private Task? _run;

    /// <summary>The setup's run: the one under way or done, else a new one.</summary>
    public Task RunAsync()
    {
        lock (_gate)
        {
            if (_run is null or { IsFaulted: true } or { IsCanceled: true })
            {
                _run = setup();
            }

            return _run;
        }
    }
}

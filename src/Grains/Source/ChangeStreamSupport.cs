namespace Lad.Grains.Source;

/// <summary>Whether the silo's MongoDB offers change streams, as the first host to try learned: once one host finds
/// them unavailable, every host of the silo polls without asking again (until the silo restarts).</summary>
public sealed class ChangeStreamSupport
{
    private string? _unavailable;

    /// <summary>Why change streams are unavailable; null while they are not known to be.</summary>
    public string? Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>Records that change streams are unavailable.</summary>
    /// <param name="reason">What the server answered.</param>
    /// <returns>True for the first report (the one to log).</returns>
    public bool MarkUnavailable(string reason) => Interlocked.CompareExchange(ref _unavailable, reason, null) is null;
}

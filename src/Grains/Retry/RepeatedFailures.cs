namespace Lad.Grains.Retry;

/// <summary>Which failures of a run in a row are logged: the first, then every <see cref="LogEvery"/>th.</summary>
/// <remarks>A step retried on back-off (a host's poll or training, a collection's shared poll) fails again at each retry
/// for as long as an outage lasts. With the back-off capped at 2 min, a silo of 1,000 hosts logged hundreds of warnings
/// a minute through a MongoDB outage, all alike, while each host's status said all along that it failed and why. So
/// the first failure says the run began, every 60th (about two hours in at the cap) that it goes on, with its count,
/// and the step that gets through logs once that it resumed, with the count too.</remarks>
internal static class RepeatedFailures
{
    /// <summary>After the first, one failure in this many is logged.</summary>
    public const int LogEvery = 60;

    /// <summary>Whether the failure that makes <paramref name="failuresInARow"/> failures in a row is logged.</summary>
    public static bool Logged(int failuresInARow) => failuresInARow == 1 || (failuresInARow > 0 && failuresInARow % LogEvery == 0);
}

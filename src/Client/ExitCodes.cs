namespace Lad.Client;

/// <summary>The exit codes of every <c>lad</c> command, so that scripts can tell a refused request from a cluster
/// they could not reach.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The request was refused or the input is bad (unknown id, bad option, no or too weak a token, unreadable
    /// data file); the reason is on standard error.</summary>
    public const int Refused = 1;

    /// <summary>No silo could be reached or let the console in, or the console's own configuration (YAML, token file,
    /// certificates, gateway address) is unusable; the reason is on standard error.</summary>
    public const int Unreachable = 2;

    /// <summary>A command told to wait (<c>lad retrain --wait</c>) gave up at its timeout; what it waited for goes on in
    /// the cluster.</summary>
    public const int TimedOut = 3;
}

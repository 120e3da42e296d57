namespace Lad.Client.Cluster;

/// <summary>A command told to wait gave up at its timeout; what it waited for goes on in the cluster (exit code
/// <see cref="ExitCodes.TimedOut"/>).</summary>
/// <param name="message">What was waited for and how long, for standard error.</param>
internal sealed class WaitTimedOutException(string message) : Exception(message);

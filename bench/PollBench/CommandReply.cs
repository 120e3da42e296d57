namespace Lad.PollBench;

/// <summary>A server's reply to one command, as the proxy saw it.</summary>
/// <param name="Command">The command's name (<c>find</c>, <c>insert</c>, ...).</param>
/// <param name="At">When the reply came (a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="Milliseconds">How long after the command was forwarded.</param>
internal sealed record CommandReply(string Command, long At, double Milliseconds);

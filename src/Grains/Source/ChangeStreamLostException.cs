namespace Lad.Grains.Source;

/// <summary>The stored resume point is gone (the oplog rolled past it while the host was stopped, or the token is
/// invalid): the host catches up by polling with its look-back and opens a new stream.</summary>
/// <param name="message">What the server answered.</param>
/// <param name="inner">The server's error.</param>
public sealed class ChangeStreamLostException(string message, Exception inner) : Exception(message, inner);

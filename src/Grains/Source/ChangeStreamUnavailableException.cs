namespace Lad.Grains.Source;

/// <summary>The server offers no change streams (a standalone <c>mongod</c>, or a server that does not implement them):
/// the host polls instead.</summary>
/// <param name="message">What the server answered.</param>
/// <param name="inner">The server's error.</param>
public sealed class ChangeStreamUnavailableException(string message, Exception inner) : Exception(message, inner);

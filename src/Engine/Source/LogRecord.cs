namespace Lad.Engine.Source;

/// <summary>One log line as the engine sees it, whatever store or file it came from.</summary>
/// <param name="Message">The free-text message (what the template miner parses).</param>
/// <param name="Level">The severity/level field when the source has one (e.g. <c>ERROR</c>, <c>FATAL</c>);
/// models use it as evidence when present and must work without it.</param>
/// <param name="Host">The host the line came from; empty when the source has no such notion.</param>
/// <param name="Session">The session or entity the line belongs to (a request, block or job id found by a
/// configured regex), or null: stream scorers then take the host's stream as the line's context.</param>
public sealed record LogRecord(string Message, string? Level = null, string Host = "", string? Session = null);

namespace Lad.Engine.Source;

/// <summary>What a <see cref="ILineFormat"/> extracts from one line.</summary>
/// <param name="Message">The free-text message.</param>
/// <param name="Level">The level field, when the format has one.</param>
/// <param name="IsAnomaly">The line's label, when the format carries one.</param>
/// <param name="Time">The line's time (UTC), when the format carries one it can read.</param>
public readonly record struct ParsedLine(string Message, string? Level, bool? IsAnomaly, DateTime? Time = null);

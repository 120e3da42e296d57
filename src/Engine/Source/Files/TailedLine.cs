namespace Lad.Engine.Source.Files;

/// <summary>One complete line read from a tailed file.</summary>
/// <param name="Text">The line without its line ending.</param>
/// <param name="Offset">The byte offset of its first byte.</param>
/// <param name="Number">Its 1-based line number in the file.</param>
/// <param name="File">The identity of the file it was read from, which with <paramref name="Offset"/> names the line
/// across rotations.</param>
public sealed record TailedLine(string Text, long Offset, long Number, FileIdentity File);

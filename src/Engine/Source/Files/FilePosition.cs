namespace Lad.Engine.Source.Files;

/// <summary>Where reading a growing file stopped, and which file that was.</summary>
/// <remarks>The file is known by a hash of its first line (at most <see cref="FileIdentity.MaxBytes"/> bytes), which a
/// rotated or rewritten log changes (its first line carries another time) and a growing one keeps; unlike an inode it
/// survives a copy and can be checked from the path alone.</remarks>
/// <param name="Offset">The byte offset just after the last complete line handled.</param>
/// <param name="Line">How many lines lie before <paramref name="Offset"/> (so errors can name a line number).</param>
/// <param name="Identity">The file's identity; <see cref="FileIdentity.None"/> before its first line is complete.</param>
public readonly record struct FilePosition(long Offset, long Line, FileIdentity Identity)
{
    /// <summary>The start of a file not read yet.</summary>
    public static FilePosition Start { get; } = new(0, 0, FileIdentity.None);
}

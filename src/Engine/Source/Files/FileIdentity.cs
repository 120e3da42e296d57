using System.Globalization;
using System.IO.Hashing;

namespace Lad.Engine.Source.Files;

/// <summary>Identifies a log file by the hash of its first line, so a position stored for one file is never applied to
/// another that took its path.</summary>
/// <param name="Length">How many leading bytes were hashed (the first line with its newline, at most
/// <see cref="MaxBytes"/>); 0 when the file had no complete line.</param>
/// <param name="Hash">The XxHash64 of those bytes.</param>
public readonly record struct FileIdentity(int Length, ulong Hash)
{
    /// <summary>The most leading bytes hashed: a first line longer than this is known by its start.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The identity of a file with no complete line yet; it matches any file.</summary>
    public static FileIdentity None { get; } = new(0, 0);

    /// <summary>The identity of a file whose first line is <paramref name="firstLine"/> (newline included).</summary>
    public static FileIdentity Of(ReadOnlySpan<byte> firstLine)
    {
        var bytes = firstLine[..Math.Min(firstLine.Length, MaxBytes)];
        return new FileIdentity(bytes.Length, XxHash64.HashToUInt64(bytes));
    }

    /// <summary>Whether <paramref name="file"/> (seekable, readable) starts with the bytes this identity was made of.</summary>
    public bool Matches(Stream file)
    {
        if (Length == 0)
        {
            return true;
        }

        if (file.Length < Length)
        {
            return false;
        }

        var bytes = new byte[Length];
        file.Position = 0;
        file.ReadExactly(bytes);
        return XxHash64.HashToUInt64(bytes) == Hash;
    }

    /// <summary>The hash as 16 hex digits (part of the ids of the file's lines).</summary>
    public override string ToString() => Hash.ToString("x16", CultureInfo.InvariantCulture);
}

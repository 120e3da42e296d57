using System.Text;

namespace Lad.Engine.Persistence;

/// <summary>
/// Reads what <see cref="ModelWriter"/> wrote. Every length read from the file is checked against the bytes
/// that remain, so a corrupt file gives a <see cref="ModelFormatException"/> instead of a huge allocation.
/// </summary>
public sealed class ModelReader
{
    private readonly BinaryReader _reader;
    private readonly Stream _stream;

    // One instance of each string the payload repeats ("<*>" in every template's tokens, a level in every template's
    // counter, a program name in its templates and values): a loaded model keeps what it reads, so repeats would
    // each hold their own copy for as long as the model lives.
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    /// <summary>Wraps a seekable stream positioned at the payload; the caller owns it.</summary>
    public ModelReader(Stream stream)
    {
        _stream = stream;
        _reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => Guard(() => _reader.ReadInt32());

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64() => Guard(() => _reader.ReadInt64());

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => Guard(() => _reader.ReadDouble());

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => Guard(() => _reader.ReadBoolean());

    /// <summary>Reads a string or null.</summary>
    public string? ReadNullableString() => Guard(() => _reader.ReadBoolean() ? Shared(_reader.ReadString()) : null);

    /// <summary>
    /// The instance this reader already gave out for a string equal to <paramref name="value"/>, else
    /// <paramref name="value"/> (kept for later calls): for a string a loader builds from what it read, such as a
    /// template's text, which the same file also holds.
    /// </summary>
    internal string Shared(string value)
    {
        if (_strings.TryGetValue(value, out var existing))
        {
            return existing;
        }

        _strings.Add(value);
        return value;
    }

    /// <summary>Reads a string that must not be null.</summary>
    public string ReadString(string what) =>
        ReadNullableString() ?? throw new ModelFormatException($"model file: {what} is missing");

    /// <summary>Reads a count and checks it is plausible for items of at least <paramref name="minItemBytes"/> bytes.</summary>
    public int ReadCount(string what, int minItemBytes = 1)
    {
        var count = ReadInt32();
        var remaining = _stream.Length - _stream.Position;
        if (count < 0 || (long)count * Math.Max(1, minItemBytes) > remaining)
        {
            throw new ModelFormatException($"model file: {what} count {count} does not fit the {remaining} bytes left");
        }

        return count;
    }

    /// <summary>Reads a length-prefixed float array.</summary>
    public float[] ReadSingleArray(string what)
    {
        var values = new float[ReadCount(what, sizeof(float))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Guard(() => _reader.ReadSingle());
        }

        return values;
    }

    /// <summary>Reads a length-prefixed double array.</summary>
    public double[] ReadDoubleArray(string what)
    {
        var values = new double[ReadCount(what, sizeof(double))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Guard(() => _reader.ReadDouble());
        }

        return values;
    }

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("model file ends early: it is truncated or corrupt", e);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException("model file holds a malformed value: it is corrupt", e);
        }
    }
}

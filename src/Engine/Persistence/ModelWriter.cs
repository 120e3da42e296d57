using System.Text;

namespace Lad.Engine.Persistence;

/// <summary>
/// Writes primitive values for a saved model. The format is plain data read back field by field, so
/// loading a file can never run code (unlike BinaryFormatter-style object graphs).
/// </summary>
public sealed class ModelWriter
{
    private readonly BinaryWriter _writer;

    /// <summary>Wraps a stream; the caller owns it.</summary>
    public ModelWriter(Stream stream) => _writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);

    /// <summary>Writes a 32-bit integer.</summary>
    public void Write(int value) => _writer.Write(value);

    /// <summary>Writes a 64-bit integer.</summary>
    public void Write(long value) => _writer.Write(value);

    /// <summary>Writes a double.</summary>
    public void Write(double value) => _writer.Write(value);

    /// <summary>Writes a boolean.</summary>
    public void Write(bool value) => _writer.Write(value);

    /// <summary>Writes a string, or null.</summary>
    public void Write(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    /// <summary>Writes a length-prefixed array of floats.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        _writer.Write(values.Length);
        foreach (var v in values)
        {
            _writer.Write(v);
        }
    }

    /// <summary>Writes a length-prefixed array of doubles.</summary>
    public void Write(ReadOnlySpan<double> values)
    {
        _writer.Write(values.Length);
        foreach (var v in values)
        {
            _writer.Write(v);
        }
    }

    /// <summary>Flushes buffered bytes to the stream.</summary>
    public void Flush() => _writer.Flush();
}

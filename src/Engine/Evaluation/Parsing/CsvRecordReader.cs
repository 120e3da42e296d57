using System.Text;

namespace Lad.Engine.Evaluation.Parsing;

/// <summary>Reads RFC 4180 records one at a time, tracking line numbers for error messages.</summary>
internal sealed class CsvRecordReader(TextReader reader, string source)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>Reads the next record; false at the end of input.</summary>
    /// <exception cref="FormatException">A quote is misplaced or never closed.</exception>
    public bool TryRead(out string[] fields, out int startLine)
    {
        startLine = _line;
        fields = [];
        if (reader.Peek() < 0)
        {
            return false;
        }

        var values = new List<string>();
        _field.Clear();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var read = reader.Read();
            if (read < 0)
            {
                if (quoted)
                {
                    throw new FormatException($"{source}:{startLine}: a quoted field is never closed");
                }

                break;
            }

            var c = (char)read;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append(c);
                }

                continue;
            }

            if (c == ',')
            {
                values.Add(_field.ToString());
                _field.Clear();
                wasQuoted = false;
            }
            else if (c == '"')
            {
                if (_field.Length > 0 || wasQuoted)
                {
                    throw new FormatException($"{source}:{_line}: a quote appears inside an unquoted field");
                }

                quoted = true;
                wasQuoted = true;
            }
            else if (c == '\r' && reader.Peek() == '\n')
            {
                // CRLF: the '\n' read next ends the record.
                continue;
            }
            else if (c == '\n')
            {
                _line++;
                break;
            }
            else if (wasQuoted)
            {
                throw new FormatException($"{source}:{_line}: text follows the closing quote of a field");
            }
            else
            {
                _field.Append(c);
            }
        }

        values.Add(_field.ToString());
        fields = [.. values];
        return true;
    }
}

using System.Text;

namespace Lad.Engine.Evaluation.Parsing;

/// <summary>
/// A CSV file read per RFC 4180: comma-separated fields, fields in double quotes may hold commas, line breaks and
/// doubled quotes. The first record is the header; columns are looked up by name.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string source, string[] header, List<CsvRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _columns.TryAdd(header[i], i);
        }
    }

    /// <summary>Where the table came from (file name, used in error messages).</summary>
    public string Source { get; }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data records, header excluded.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Reads a CSV file.</summary>
    /// <exception cref="FormatException">The file is malformed; the message names the file and line.</exception>
    public static CsvTable ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="FormatException">The text is malformed; the message names the source and line.</exception>
    public static CsvTable Read(TextReader reader, string source)
    {
        var records = new CsvRecordReader(reader, source);
        if (!records.TryRead(out var header, out _))
        {
            throw new FormatException($"{source}: the file is empty (no header line)");
        }

        var rows = new List<CsvRow>();
        while (records.TryRead(out var fields, out var line))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new FormatException(
                    $"{source}:{line}: the record has {fields.Length} fields but the header has {header.Length}");
            }

            rows.Add(new CsvRow(line, fields));
        }

        return new CsvTable(source, header, rows);
    }

    /// <summary>The index of a named column.</summary>
    /// <exception cref="FormatException">No such column; the message names the file and the columns it has.</exception>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var index)
            ? index
            : throw new FormatException($"{Source}: no column '{name}' (columns: {string.Join(", ", Header)})");
}

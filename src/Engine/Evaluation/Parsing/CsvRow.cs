namespace Lad.Engine.Evaluation.Parsing;

/// <summary>One CSV record.</summary>
/// <param name="Line">The 1-based line number where the record starts.</param>
/// <param name="Fields">The field values, unquoted.</param>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>The value of the field at <paramref name="column"/>.</summary>
    public string this[int column] => Fields[column];
}

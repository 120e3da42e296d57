namespace Lad.Engine.Source;

/// <summary>Finds space-separated fields without allocating a string per field.</summary>
internal static class FieldSplitter
{
    /// <summary>
    /// Returns the start index of field <paramref name="index"/> (0-based) in <paramref name="line"/> and its
    /// length, or -1 when the line has fewer fields. Runs of spaces count as one separator.
    /// </summary>
    public static int FindField(string line, int index, out int length)
    {
        var position = 0;
        for (var field = 0; ; field++)
        {
            while (position < line.Length && line[position] == ' ')
            {
                position++;
            }

            if (position >= line.Length)
            {
                length = 0;
                return -1;
            }

            var end = line.IndexOf(' ', position);
            if (end < 0)
            {
                end = line.Length;
            }

            if (field == index)
            {
                length = end - position;
                return position;
            }

            position = end;
        }
    }
}

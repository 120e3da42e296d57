namespace Lad.Engine.Evaluation.Parsing;

/// <summary>One system's labelled parsing benchmark: log messages and their true templates.</summary>
/// <param name="Name">The system (folder) name, e.g. <c>HDFS</c>.</param>
/// <param name="Messages">The <c>Content</c> column: the message of each line.</param>
/// <param name="TrueTemplates">The <c>EventTemplate</c> column: the true template of each line.</param>
public sealed record ParsingDataset(string Name, IReadOnlyList<string> Messages, IReadOnlyList<string> TrueTemplates)
{
    /// <summary>The file name pattern of the Loghub-2.0 2k parsing files.</summary>
    public const string FileSuffix = "_2k.log_structured_corrected.csv";

    /// <summary>
    /// Loads every <c>&lt;S&gt;/&lt;S&gt;_2k.log_structured_corrected.csv</c> under <paramref name="directory"/>,
    /// in system-name order.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">No system folder holds the expected file.</exception>
    /// <exception cref="FormatException">A file is malformed (the message names file and line).</exception>
    public static IReadOnlyList<ParsingDataset> LoadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"--data: directory '{directory}' does not exist");
        }

        var sets = new List<ParsingDataset>();
        foreach (var folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var file = Path.Combine(folder, name + FileSuffix);
            if (File.Exists(file))
            {
                sets.Add(Load(name, file));
            }
        }

        return sets.Count > 0
            ? sets
            : throw new FileNotFoundException($"--data: no '<S>/<S>{FileSuffix}' files under '{directory}'");
    }

    /// <summary>Loads one structured CSV file.</summary>
    /// <exception cref="FormatException">The file is malformed or lacks the Content/EventTemplate columns.</exception>
    public static ParsingDataset Load(string name, string file)
    {
        var table = CsvTable.ReadFile(file);
        var content = table.Column("Content");
        var template = table.Column("EventTemplate");
        var messages = new string[table.Rows.Count];
        var truths = new string[table.Rows.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = table.Rows[i][content];
            truths[i] = table.Rows[i][template];
        }

        return new ParsingDataset(name, messages, truths);
    }
}

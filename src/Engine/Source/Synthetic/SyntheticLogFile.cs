namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// Reads and writes a synthetic log file in <see cref="SyntheticLogFormat"/> and its labels sidecar
/// <c>&lt;file&gt;.labels</c>: one line per log line, <c>-</c> for normal or the anomaly kind
/// (<c>unseen-error</c>, <c>abnormal-parameter</c>, <c>wrong-program</c>, <c>error-burst</c>).
/// </summary>
public static class SyntheticLogFile
{
    /// <summary>The sidecar path for <paramref name="logPath"/>.</summary>
    public static string LabelsPath(string logPath) => logPath + ".labels";

    /// <summary>Writes the log and its labels sidecar, creating the directory when needed.</summary>
    public static void Write(string logPath, IEnumerable<SyntheticLine> lines)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(logPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var log = new StreamWriter(logPath) { NewLine = "\n" };
        using var labels = new StreamWriter(LabelsPath(logPath)) { NewLine = "\n" };
        foreach (var line in lines)
        {
            log.WriteLine(SyntheticLogFormat.Format(line));
            labels.WriteLine(SyntheticAnomalyKindNames.ToName(line.Anomaly));
        }
    }

    /// <summary>Reads a log; labels come from the sidecar when it exists, otherwise every line is labelled normal.</summary>
    public static IReadOnlyList<SyntheticLine> Read(string logPath)
    {
        var lines = new List<SyntheticLine>();
        var number = 0;
        foreach (var text in File.ReadLines(logPath))
        {
            number++;
            if (text.Length > 0)
            {
                lines.Add(SyntheticLogFormat.Parse(text, number));
            }
        }

        var labelsPath = LabelsPath(logPath);
        return File.Exists(labelsPath) ? ApplyLabels(lines, labelsPath) : lines;
    }

    private static List<SyntheticLine> ApplyLabels(List<SyntheticLine> lines, string labelsPath)
    {
        var labels = File.ReadAllLines(labelsPath);
        if (labels.Length != lines.Count)
        {
            throw new FormatException($"{labelsPath}: has {labels.Length} labels for {lines.Count} log lines");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (!SyntheticAnomalyKindNames.TryParse(labels[i], out var kind))
            {
                throw new FormatException($"{labelsPath}: line {i + 1}: label '{labels[i]}' is not '-' or a known anomaly kind");
            }

            lines[i] = lines[i] with { Anomaly = kind };
        }

        return lines;
    }
}

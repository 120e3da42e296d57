namespace Lad.Engine.Source;

/// <summary>Per-session ground truth from a <c>Key,Label</c> CSV (Label is <c>Normal</c> or <c>Anomaly</c>).</summary>
public sealed class SessionLabels
{
    private readonly Dictionary<string, bool> _isAnomaly;

    private SessionLabels(Dictionary<string, bool> isAnomaly) => _isAnomaly = isAnomaly;

    /// <summary>How many sessions have a label.</summary>
    public int Count => _isAnomaly.Count;

    /// <summary>Whether <paramref name="key"/> is labelled anomalous; false with <paramref name="isAnomaly"/> unset when unknown.</summary>
    public bool TryGet(string key, out bool isAnomaly) => _isAnomaly.TryGetValue(key, out isAnomaly);

    /// <summary>
    /// Reads the CSV. A header row (first row whose label is not Normal/Anomaly) is allowed; any other bad row,
    /// a duplicate key with a different label, or an empty file throws <see cref="LogInputFormatException"/>.
    /// </summary>
    public static SessionLabels Read(string path)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (number, line) in TextInput.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var comma = line.IndexOf(',');
            if (comma < 0 || line.IndexOf(',', comma + 1) >= 0)
            {
                throw new LogInputFormatException(path, number, "a labels row needs exactly two columns 'Key,Label'");
            }

            var key = line[..comma].Trim();
            var label = line[(comma + 1)..].Trim();
            bool isAnomaly;
            if (label.Equals("Anomaly", StringComparison.OrdinalIgnoreCase))
            {
                isAnomaly = true;
            }
            else if (label.Equals("Normal", StringComparison.OrdinalIgnoreCase))
            {
                isAnomaly = false;
            }
            else if (number == 1)
            {
                continue;
            }
            else
            {
                throw new LogInputFormatException(path, number, $"label '{label}' must be 'Normal' or 'Anomaly'");
            }

            if (key.Length == 0)
            {
                throw new LogInputFormatException(path, number, "the session key is empty");
            }

            if (labels.TryGetValue(key, out var previous) && previous != isAnomaly)
            {
                throw new LogInputFormatException(path, number, $"session '{key}' is labelled both Normal and Anomaly");
            }

            labels[key] = isAnomaly;
        }

        if (labels.Count == 0)
        {
            throw new LogInputFormatException(path, 1, "the labels file holds no 'Key,Label' rows");
        }

        return new SessionLabels(labels);
    }
}

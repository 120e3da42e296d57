namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Which key set each setting in one pass over a configuration (the YAML file, or the environment), so that
/// two keys meaning the same thing (a fork alias and LAD's own key) set to different values are reported together.</summary>
internal sealed class SettingAssignments
{
    private readonly Dictionary<string, (string Key, object? Value)> _byTarget = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="key"/> set <paramref name="target"/> to <paramref name="value"/>.</summary>
    /// <returns>A problem naming both keys when another key already set the target to a different value; else null.</returns>
    public ConfigError? Record(string target, string key, object? value, int? line)
    {
        if (_byTarget.TryGetValue(target, out var earlier) && earlier.Key != key && !Equals(earlier.Value, value))
        {
            return new ConfigError(
                $"{earlier.Key}, {key}",
                $"both name {target} but differ ('{earlier.Value}' and '{value}'); keep one of them",
                line);
        }

        _byTarget[target] = (key, value);
        return null;
    }

    /// <summary>The key that set <paramref name="target"/> in this pass, or null.</summary>
    public string? KeyOf(string target) => _byTarget.TryGetValue(target, out var set) ? set.Key : null;

    /// <summary>Every key that set something in this pass.</summary>
    public IEnumerable<string> Keys => _byTarget.Values.Select(v => v.Key);
}

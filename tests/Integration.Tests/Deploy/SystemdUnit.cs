namespace Lad.Integration.Tests.Deploy;

/// <summary>A systemd unit file read as sections of (key, value) pairs; repeated keys keep every value.</summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, List<(string Key, string Value)>> _sections;

    private SystemdUnit(Dictionary<string, List<(string Key, string Value)>> sections) => _sections = sections;

    public static SystemdUnit Parse(string text)
    {
        var sections = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        List<(string, string)>? current = null;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                Assert.True(line.EndsWith(']'), $"line {number}: unterminated section header '{line}'");
                current = [];
                sections[line[1..^1]] = current;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(current is not null && equals > 0, $"line {number}: expected key=value inside a section, got '{line}'");
            current!.Add((line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return new SystemdUnit(sections);
    }

    public IReadOnlyList<string> Values(string section, string key) =>
        _sections.TryGetValue(section, out var entries) ? [.. entries.Where(e => e.Key == key).Select(e => e.Value)] : [];

    public string Single(string section, string key)
    {
        var values = Values(section, key);
        Assert.True(values.Count == 1, $"[{section}] {key}: expected exactly one value, found {values.Count}");
        return values[0];
    }

    public IEnumerable<string> Keys(string section) => _sections.TryGetValue(section, out var e) ? e.Select(x => x.Key) : [];
}

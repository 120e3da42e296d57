using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Sources;

namespace Lad.Grains.Management;

/// <summary>
/// What the YAML's <c>LOG_SOURCES</c> say that the stored sources do not: hosts they lack, and settings of a source both
/// hold that differ. From the first start on the stored set wins and <c>LOG_SOURCES</c> is not read again, so a host
/// added to the YAML (the seed project's way: edit, restart) runs nowhere and a changed target is not written to; said
/// at each start, the operator learns it, and how to act, instead of waiting for anomalies that do not come.
/// </summary>
public static class UnappliedLogSources
{
    /// <summary>Most differences named; the rest are counted.</summary>
    public const int Named = 10;

    /// <summary>
    /// Each difference in the YAML's order: <c>collection/host</c> for a host the stored sources lack, <c>collection
    /// KEY 'yaml' (stored 'value')</c> for a setting; at most <see cref="Named"/>, then how many more; null when there is
    /// none.
    /// </summary>
    /// <param name="yaml">The YAML's <c>LOG_SOURCES</c>.</param>
    /// <param name="stored">The sources the registry holds.</param>
    public static string? Describe(IEnumerable<LogSourceConfig> yaml, IEnumerable<SourceDefinition> stored)
    {
        var sources = stored.ToDictionary(s => s.Collection, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var entry in yaml)
        {
            if (!sources.TryGetValue(entry.Collection, out var source))
            {
                differences.AddRange(entry.Hostnames.Select(h => $"{entry.Collection}/{h}"));
                continue;
            }

            differences.AddRange(entry.Hostnames.Where(h => !source.Hostnames.Contains(h, StringComparer.Ordinal)).Select(h => $"{entry.Collection}/{h}"));
            differences.AddRange(new[]
                {
                    ("MG_TARGET_COL", entry.TargetCollection, source.TargetCollection),
                    ("SESSION_REGEX", entry.SessionRegex, source.SessionRegex),
                    ("MYSQL_TARGET_TABLE", entry.MySqlTargetTable, source.MySqlTargetTable),
                }
                .Where(s => s.Item2 != s.Item3)
                .Select(s => $"{entry.Collection} {s.Item1} {Quoted(s.Item2)} (stored {Quoted(s.Item3)})"));
        }

        if (differences.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", differences.Take(Named));
        return differences.Count > Named ? $"{named} and {differences.Count - Named} more" : named;
    }

    private static string Quoted(string? value) => value is null ? "none" : $"'{value}'";
}

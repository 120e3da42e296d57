using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Sources;

namespace Lad.Grains.Management;

/// <summary>
/// The hosts the YAML's <c>LOG_SOURCES</c> list that the stored sources do not. From the first start on the stored set
/// wins and <c>LOG_SOURCES</c> is not read again, so a host added to the YAML (the seed project's way: edit, restart)
/// runs nowhere; said at each start, the operator learns it, and how to add it, instead of waiting for its anomalies.
/// </summary>
public static class UnappliedLogSources
{
    /// <summary>Most hosts named; the rest are counted.</summary>
    public const int Named = 10;

    /// <summary>
    /// <c>collection/host</c> of each host <paramref name="yaml"/> lists and <paramref name="stored"/> does not, in the
    /// YAML's order (at most <see cref="Named"/>, then how many more); null when the stored sources hold them all.
    /// </summary>
    /// <param name="yaml">The YAML's <c>LOG_SOURCES</c>.</param>
    /// <param name="stored">The sources the registry holds.</param>
    public static string? Describe(IEnumerable<LogSourceConfig> yaml, IEnumerable<SourceDefinition> stored)
    {
        var known = stored.SelectMany(s => s.Hostnames.Select(h => (s.Collection, h))).ToHashSet();
        var missing = yaml.SelectMany(s => s.Hostnames.Select(h => (s.Collection, h))).Where(k => !known.Contains(k)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", missing.Take(Named).Select(m => $"{m.Collection}/{m.h}"));
        return missing.Count > Named ? $"{named} and {missing.Count - Named} more" : named;
    }
}

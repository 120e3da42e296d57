namespace Lad.Grains.Abstractions.Sources;

/// <summary>What a log source must be for the daemon to run it without harming LAD itself or the logs it reads: the
/// same checks for the YAML's <c>LOG_SOURCES</c>, <c>lad sources add</c> and the sources stored in MongoDB.</summary>
public static class SourceRules
{
    /// <summary>Collection-name prefixes LAD keeps for itself in <c>MG_TARGET_DB</c> (its sources, feedback, grain state,
    /// dead letters; Orleans' membership and reminders), so no source can write anomalies over them.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["lad_", "orleans_", "system."];

    // MongoDB limits a namespace (database.collection) to 255 bytes; a shorter name leaves room for the database's.
    private const int MaxNameLength = 120;
    private const int MaxHostnameLength = 255;

    /// <summary>Every problem of <paramref name="source"/>, each as (field, reason); empty when it can run.</summary>
    /// <param name="source">The source to check.</param>
    /// <param name="sameDatabase">Whether <c>MG_INPUT_DB</c> and <c>MG_TARGET_DB</c> are one database, so that a
    /// target collection could be a log collection.</param>
    /// <param name="inputCollections">Every source's input collection (this one's included).</param>
    public static IReadOnlyList<(string Field, string Problem)> Problems(
        SourceDefinition source, bool sameDatabase, IEnumerable<string> inputCollections)
    {
        var problems = new List<(string, string)>();
        if (NameProblem(source.Collection) is { } collection)
        {
            problems.Add(("collection", collection));
        }

        foreach (var host in source.Hostnames)
        {
            if (HostnameProblem(host) is { } problem)
            {
                problems.Add(("hostname", problem));
            }
        }

        if (source.Hostnames.Count == 0)
        {
            problems.Add(("hostnames", "list at least one host"));
        }

        if (TargetProblem(source.TargetCollection, sameDatabase, inputCollections) is { } target)
        {
            problems.Add(("target collection", target));
        }

        return problems;
    }

    /// <summary>Why <paramref name="name"/> cannot be a MongoDB collection name, or null.</summary>
    public static string? NameProblem(string name) => name switch
    {
        null or "" => "must not be empty",
        _ when string.IsNullOrWhiteSpace(name) => "must not be blank",
        _ when name.Contains('$', StringComparison.Ordinal) => $"'{name}' contains '$', which MongoDB does not allow in a collection name",
        _ when name.Contains('\0', StringComparison.Ordinal) => "contains a NUL character",
        _ when name.StartsWith("system.", StringComparison.Ordinal) => $"'{name}' is in MongoDB's reserved system. namespace",
        _ when name.Length > MaxNameLength => $"is {name.Length} characters long; at most {MaxNameLength}",
        _ => null,
    };

    /// <summary>Why <paramref name="target"/> cannot receive a source's anomalies, or null.</summary>
    /// <param name="target">The target collection in <c>MG_TARGET_DB</c>.</param>
    /// <param name="sameDatabase">Whether input and target databases are one.</param>
    /// <param name="inputCollections">Every source's input collection.</param>
    public static string? TargetProblem(string target, bool sameDatabase, IEnumerable<string> inputCollections)
    {
        if (NameProblem(target) is { } problem)
        {
            return problem;
        }

        if (ReservedPrefixes.FirstOrDefault(p => target.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"'{target}' starts with '{prefix}', which LAD keeps for its own collections";
        }

        // Anomalies written into a log collection would be read back as log lines.
        return sameDatabase && inputCollections.Contains(target, StringComparer.Ordinal)
            ? $"'{target}' is an input collection of this database; anomalies written there would be read back as logs"
            : null;
    }

    private static string? HostnameProblem(string host) => host switch
    {
        null or "" => "must not be empty",
        _ when string.IsNullOrWhiteSpace(host) => "must not be blank",
        _ when host.Any(char.IsControl) => $"'{host}' contains a control character",
        _ when host.Length > MaxHostnameLength => $"is {host.Length} characters long; at most {MaxHostnameLength}",
        _ => null,
    };
}

using Lad.Grains.Abstractions.Security;
namespace Lad.Grains.Abstractions.Sources;

/// <summary>The cluster's one list of log sources (key <see cref="SourceRegistry.Key"/>), stored in MongoDB so a
/// restart keeps run-time changes; the YAML's <c>LOG_SOURCES</c> seed it only when nothing was ever stored.</summary>
[Alias("lad.ISourceRegistryGrain")]
public interface ISourceRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Every source that can run, ordered by collection (a stored entry that cannot is logged and left out).</summary>
    [RequiresRole(LadRole.Read)]
    Task<IReadOnlyList<SourceDefinition>> ListAsync();

    /// <summary>Adds hosts to a source (creating it) and starts their detectors (train, then detect).</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostnames">Hosts to add; ones already present are kept as they are.</param>
    /// <param name="targetCollection">Where anomalies go; required for a new source, must match for an existing one
    /// when given.</param>
    /// <param name="sessionRegex">The session key pattern of a new source (null: none); for an existing one, must match
    /// its pattern when given.</param>
    /// <returns>The source after the change.</returns>
    /// <exception cref="LadRequestException">An empty name, a missing target for a new source, a different target or
    /// session pattern for an existing one, or a session pattern that is not a usable regular expression.</exception>
    [RequiresRole(LadRole.Admin)]
    Task<SourceDefinition> AddAsync(string collection, IReadOnlyList<string> hostnames, string? targetCollection, string? sessionRegex = null);

    /// <summary>Removes hosts from a source (all of them, and the source, when <paramref name="hostnames"/> is empty) and
    /// stops their detectors; their stored anomalies and feedback stay.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostnames">Hosts to remove; empty removes the whole source.</param>
    /// <returns>The source after the change, or null when it no longer has hosts.</returns>
    /// <exception cref="LadRequestException">The source or one of the hosts is unknown.</exception>
    [RequiresRole(LadRole.Admin)]
    Task<SourceDefinition?> RemoveAsync(string collection, IReadOnlyList<string> hostnames);
}

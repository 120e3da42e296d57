using Lad.Grains.Abstractions.Security;

namespace Lad.Grains.Abstractions.Incidents;

/// <summary>Lists incidents, shows one with the lines around its samples, and takes acknowledgements and resolutions
/// (key 0; stateless, it hands changes to the incident's source).</summary>
[Alias("lad.IIncidentQueryGrain")]
public interface IIncidentQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Incidents matching <paramref name="query"/>, latest seen first.</summary>
    /// <exception cref="LadRequestException">A limit below 1.</exception>
    [RequiresRole(LadRole.Read)]
    Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query);

    /// <summary>How many incidents matching <paramref name="query"/>'s source, host, state and open filters opened in each
    /// bucket (1, 5 or 15 minutes, an hour or whole hours: at most 48) from its <see cref="IncidentQuery.Since"/> (24 h
    /// before the end when null) to its <see cref="IncidentQuery.Until"/> (now when null); its limit and skip do not apply.</summary>
    /// <exception cref="LadRequestException">The range does not end after it starts.</exception>
    [RequiresRole(LadRole.Read)]
    Task<IncidentTimeline> TimelineAsync(IncidentQuery query);

    /// <summary>How many incidents are open (not resolved), in all and per source and host, for the console's overview.</summary>
    [RequiresRole(LadRole.Read)]
    Task<OpenIncidentCounts> OpenCountsAsync();

    /// <summary>One incident, each sample with up to <paramref name="context"/> lines of its host before and after it.</summary>
    /// <exception cref="LadRequestException">No incident has that id, or the context is out of range.</exception>
    [RequiresRole(LadRole.Read)]
    Task<IncidentSummary> GetAsync(string id, int context);

    /// <summary>Marks an open incident acknowledged; the caller's token name is recorded (else <paramref name="by"/>).</summary>
    /// <exception cref="LadRequestException">No incident has that id, or it is resolved.</exception>
    [RequiresRole(LadRole.Feedback)]
    Task<IncidentSummary> AcknowledgeAsync(string id, string? by);

    /// <summary>Resolves an incident; a repeat of its lines opens a new one. Records who, as <see cref="AcknowledgeAsync"/>.</summary>
    /// <exception cref="LadRequestException">No incident has that id, or it is resolved already.</exception>
    [RequiresRole(LadRole.Feedback)]
    Task<IncidentSummary> ResolveAsync(string id, string? by);
}

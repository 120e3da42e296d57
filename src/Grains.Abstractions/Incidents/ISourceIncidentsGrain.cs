namespace Lad.Grains.Abstractions.Incidents;

/// <summary>The one writer of a source's incidents (keyed by the input collection): groups the anomalies its hosts
/// write, takes acknowledgements and resolutions, and resolves quiet incidents on a timer. Called by the silo itself.</summary>
[Alias("lad.ISourceIncidentsGrain")]
public interface ISourceIncidentsGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the grain is active, so its timer resolves quiet incidents; the silo calls it at start for every
    /// source, as incidents left open by a restart would otherwise wait for their source's next anomaly.</summary>
    Task StartAsync();

    /// <summary>Groups written anomalies into the source's incidents; an anomaly already counted is skipped, so a batch
    /// replayed after a failure changes nothing.</summary>
    Task RecordAsync(IReadOnlyList<IncidentAnomaly> anomalies);

    /// <summary>Acknowledges an unresolved incident of this source on behalf of <paramref name="by"/>.</summary>
    /// <exception cref="LadRequestException">It is not an unresolved incident of this source.</exception>
    Task<IncidentSummary> AcknowledgeAsync(string id, string by);

    /// <summary>Resolves an unresolved incident of this source on behalf of <paramref name="by"/>.</summary>
    /// <exception cref="LadRequestException">It is not an unresolved incident of this source.</exception>
    Task<IncidentSummary> ResolveAsync(string id, string by);
}

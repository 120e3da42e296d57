using Lad.Engine.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>One receiver's pending news of one incident: the latest state queued for it (older ones were superseded).</summary>
/// <param name="Id">The entry's id, <c>&lt;channel&gt;:&lt;incident id&gt;</c>.</param>
/// <param name="Channel">The receiver (<see cref="IAlertChannel.Name"/>).</param>
/// <param name="Incident">The incident's latest queued state.</param>
/// <param name="Kind">The latest change queued.</param>
/// <param name="Version">Counts the changes queued for this entry; a delivery is acknowledged only for the version it sent.</param>
/// <param name="DeliveredVersion">The last version the receiver accepted (0: none yet).</param>
/// <param name="Attempts">Failed attempts in a row.</param>
public sealed record AlertQueueEntry(
    string Id, string Channel, IncidentSnapshot Incident, IncidentChangeKind Kind, long Version, long DeliveredVersion, int Attempts)
{
    /// <summary>The event this delivery reports (<see cref="AlertEvent.Name"/>).</summary>
    public string Event => AlertEvent.Name(Kind, DeliveredVersion > 0);

    /// <summary>An id a receiver can drop repeats by: the same incident state delivered twice (after a lost answer)
    /// carries the same id.</summary>
    public string DeliveryId => $"{Incident.Id}:{Version}";
}

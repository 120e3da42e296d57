using Lad.Engine.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>What one delivery tells a receiver happened to an incident since it last heard of it.</summary>
public static class AlertEvent
{
    /// <summary>The event name of a delivery: <c>opened</c> when the receiver has not heard of the incident yet (whatever
    /// happened to it in between, except a resolution), else the latest change (<c>grown</c>, <c>acknowledged</c>,
    /// <c>resolved</c>).</summary>
    /// <param name="latest">The latest change queued for the receiver.</param>
    /// <param name="deliveredBefore">Whether an earlier state of the incident reached the receiver.</param>
    public static string Name(IncidentChangeKind latest, bool deliveredBefore) =>
        latest == IncidentChangeKind.Resolved ? "resolved"
        : !deliveredBefore ? "opened"
        : latest switch
        {
            IncidentChangeKind.Opened => "opened",
            IncidentChangeKind.Grown => "grown",
            _ => "acknowledged",
        };
}

using Lad.Grains.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>The JSON body POSTed to the webhook (snake_case field names): one incident's latest state.</summary>
/// <param name="DeliveryId">The same for a repeated delivery of the same state, so a receiver can drop repeats.</param>
/// <param name="Event"><c>opened</c>, <c>grown</c>, <c>acknowledged</c> or <c>resolved</c> (<see cref="AlertEvent"/>).</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
/// <param name="Source">The input collection.</param>
/// <param name="Hosts">The hosts whose lines joined it.</param>
/// <param name="Template">The template of the line that opened it.</param>
/// <param name="Representative">The line that opened it.</param>
/// <param name="Count">Its anomalies.</param>
/// <param name="FirstSeen">Its first line's time.</param>
/// <param name="LastSeen">Its last line's time.</param>
/// <param name="Explanation">Why the opening line was flagged.</param>
/// <param name="MaxScore">The highest score of its anomalies.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
/// <param name="ResolvedBy">Who resolved it; null while open or when its quiet period did.</param>
/// <param name="ResolvedAt">When it was resolved, or null.</param>
/// <param name="Link">The incident in LAD's HTTP API, or null without <c>ALERT_LINK_BASE</c>.</param>
public sealed record WebhookPayload(
    string DeliveryId,
    string Event,
    string IncidentId,
    string State,
    string Source,
    IReadOnlyList<string> Hosts,
    string Template,
    string Representative,
    long Count,
    DateTime FirstSeen,
    DateTime LastSeen,
    IReadOnlyList<string> Explanation,
    double MaxScore,
    string? AcknowledgedBy,
    string? ResolvedBy,
    DateTime? ResolvedAt,
    string? Link)
{
    /// <summary>The payload of <paramref name="entry"/>.</summary>
    public static WebhookPayload From(AlertQueueEntry entry, AlertOptions options)
    {
        var i = entry.Incident;
        return new WebhookPayload(
            entry.DeliveryId, entry.Event, i.Id, IncidentDocument.StateName(i.State), i.Source, i.Hosts, i.Template, i.Representative,
            i.Count, i.FirstSeen, i.LastSeen, i.Reasons, i.MaxScore, i.AcknowledgedBy, i.ResolvedBy, i.ResolvedAt, options.LinkTo(i.Id));
    }
}

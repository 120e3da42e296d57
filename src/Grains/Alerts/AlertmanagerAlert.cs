using System.Globalization;
using System.Text.Json.Serialization;
using Lad.Engine.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>One alert of Alertmanager's v2 API (<c>POST /api/v2/alerts</c> takes a list of them).</summary>
/// <param name="Labels">Identify the alert: the same labels update the same alert, so they stay fixed over an incident's
/// life (hosts that join later go into the annotations).</param>
/// <param name="Annotations">The latest details: summary, description, hosts, count, link.</param>
/// <param name="StartsAt">The incident's first line.</param>
/// <param name="EndsAt">When it was resolved; while it is not, a time a few re-sends ahead, so the alert ends by itself
/// if LAD stops sending (as Prometheus does).</param>
/// <param name="GeneratorUrl">The link to the incident, when there is one.</param>
public sealed record AlertmanagerAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTime StartsAt,
    [property: JsonPropertyName("endsAt")] DateTime EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl)
{
    /// <summary>The <c>alertname</c> label of every LAD alert.</summary>
    public const string AlertName = "LadIncident";

    /// <summary>The alert of <paramref name="entry"/> as sent at <paramref name="now"/>.</summary>
    public static AlertmanagerAlert From(AlertQueueEntry entry, AlertOptions options, DateTime now)
    {
        var i = entry.Incident;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = AlertName,
            ["incident"] = i.Id,
            ["source"] = i.Source,
            ["host"] = i.Samples.Count > 0 ? i.Samples[0].Host : i.Hosts.FirstOrDefault() ?? "",
            ["template"] = i.Template,
            ["severity"] = options.Severity,
        };
        var link = options.LinkTo(i.Id);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = $"{i.Count} anomalous line(s) on {string.Join(", ", i.Hosts)} ({i.Source}): {i.Representative}",
            ["description"] = i.Reasons.Count > 0 ? string.Join("; ", i.Reasons) : i.Representative,
            ["hosts"] = string.Join(",", i.Hosts),
            ["count"] = i.Count.ToString(CultureInfo.InvariantCulture),
            ["state"] = Incidents.IncidentDocument.StateName(i.State),
        };
        if (link is not null)
        {
            annotations["link"] = link;
        }

        if (i.AcknowledgedBy is { } by)
        {
            annotations["acknowledged_by"] = by;
        }

        var endsAt = i.State == IncidentState.Resolved && i.ResolvedAt is { } resolved
            ? resolved
            : now + 4 * (options.AlertmanagerResend);
        return new AlertmanagerAlert(labels, annotations, i.FirstSeen, endsAt, link);
    }
}

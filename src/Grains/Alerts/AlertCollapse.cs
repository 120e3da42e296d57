using Lad.Engine.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>Reduces a batch of incident changes to the latest per incident: an incident's newer state supersedes its
/// older ones, so a receiver hears of it once per delivery, not once per change.</summary>
public static class AlertCollapse
{
    /// <summary>The last change of each incident in <paramref name="changes"/>, in the order incidents first appear.
    /// A resolution is kept as the kind even if the batch later holds nothing newer; an opening followed by growth in
    /// the same batch stays an opening (the receiver has not heard of it yet).</summary>
    public static IReadOnlyList<IncidentChange> Latest(IEnumerable<IncidentChange> changes)
    {
        var order = new List<string>();
        var latest = new Dictionary<string, IncidentChange>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var id = change.Incident.Id;
            if (!latest.TryGetValue(id, out var earlier))
            {
                order.Add(id);
                latest[id] = change;
                continue;
            }

            var kind = earlier.Kind == IncidentChangeKind.Opened && change.Kind == IncidentChangeKind.Grown ? IncidentChangeKind.Opened : change.Kind;
            latest[id] = new IncidentChange(kind, change.Incident);
        }

        return [.. order.Select(id => latest[id])];
    }
}

using Lad.Engine.Incidents;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Incidents;

/// <summary>Logs incidents opening and closing (growth is left to the counts in <c>lad incidents</c>).</summary>
internal sealed partial class LoggingIncidentObserver(ILogger<LoggingIncidentObserver> logger) : IIncidentObserver
{
    public Task OnChangedAsync(IReadOnlyList<IncidentChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            var incident = change.Incident;
            switch (change.Kind)
            {
                case IncidentChangeKind.Opened:
                    LogOpened(incident.Id, incident.Source, string.Join(",", incident.Hosts), incident.Representative);
                    break;
                case IncidentChangeKind.Resolved:
                    LogResolved(incident.Id, incident.Source, incident.Count, incident.ResolvedBy ?? "its quiet period");
                    break;
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {Id} opened on {Source} ({Hosts}): {Line}")]
    private partial void LogOpened(string id, string source, string hosts, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {Id} on {Source} resolved after {Count} anomalies, by {By}")]
    private partial void LogResolved(string id, string source, long count, string by);
}

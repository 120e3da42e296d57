using Lad.Engine.Incidents;
using Lad.Grains.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Grains.Alerts;

/// <summary>Hands every stored incident change to the delivery queue, within the incident grain's turn: one bulk write,
/// bounded by <see cref="AlertOptions.EnqueueTimeout"/>. When MongoDB does not take it in time the changes wait in
/// this silo's <see cref="AlertBacklog"/>, so detection never waits on alerting and nothing is thrown.</summary>
internal sealed partial class QueueingIncidentObserver(
    MongoAlertQueue queue,
    IEnumerable<IAlertChannel> channels,
    AlertBacklog backlog,
    IOptions<AlertOptions> options,
    ILogger<QueueingIncidentObserver> logger) : IIncidentObserver
{
    private readonly IReadOnlyList<string> _channels = [.. channels.Select(c => c.Name)];

    public async Task OnChangedAsync(IReadOnlyList<IncidentChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 || _channels.Count == 0)
        {
            return;
        }

        if (backlog.Count > 0)
        {
            // Older changes still wait in memory: these go behind them, so no older state overwrites a newer one.
            backlog.Add(changes);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.EnqueueTimeout);
        try
        {
            await queue.EnqueueAsync(changes, _channels, timeout.Token);
            backlog.Wake();
        }
        catch (Exception e)
        {
            // Kept in memory and written by the delivery loop once MongoDB answers; the incident grain goes on.
            backlog.Add(changes);
            LogHeld(changes.Count, backlog.Count, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert queue write failed; {Count} incident change(s) held in memory ({Held} held) until MongoDB answers: {Error}")]
    private partial void LogHeld(int count, int held, string error);
}

using Lad.Engine.Incidents;

namespace Lad.Grains.Incidents;

/// <summary>Hears of every incident change once it is stored: opened, grown (per batch of joining lines), acknowledged,
/// resolved. The hook for alert delivery: register implementations as singletons in the silo's services.</summary>
/// <remarks>Called by the source's incident grain after the write, in order, one call per batch of changes. It runs in
/// the grain's turn, so an observer must return fast (queue its work) and must not throw: a throw fails the batch,
/// which is retried and yields no change the second time, since its anomalies are counted already.</remarks>
public interface IIncidentObserver
{
    /// <summary>Receives stored changes.</summary>
    /// <param name="changes">The changes, in the order they happened.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    Task OnChangedAsync(IReadOnlyList<IncidentChange> changes, CancellationToken cancellationToken);
}

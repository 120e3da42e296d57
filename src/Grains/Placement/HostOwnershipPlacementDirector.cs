using Orleans.Runtime.Placement;

namespace Lad.Grains.Placement;

/// <summary>Chooses, among the active silos that can run the grain, the owner <see cref="HostOwnership"/> names.</summary>
/// <remarks>Also consulted when a host detector asks to migrate: naming the silo it is already on cancels the move, so
/// a silo whose view of the cluster lags simply leaves the host where it is until the view catches up.</remarks>
internal sealed class HostOwnershipPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        SiloAddress[] silos;
        try
        {
            silos = context.GetCompatibleSilos(target);
        }
        catch (OrleansException) when (context.LocalSiloStatus.IsTerminating())
        {
            // The last silo is stopping and Orleans moves its grains away: there is nowhere to go, and naming this silo
            // cancels the move quietly (Orleans logs a failed placement as an error at every stop).
            return Task.FromResult(context.LocalSilo);
        }

        return Task.FromResult(HostOwnership.OwnerOf(key, silos) ?? context.LocalSilo);
    }
}

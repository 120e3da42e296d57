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
        return Task.FromResult(HostOwnership.OwnerOf(key, context.GetCompatibleSilos(target)) ?? context.LocalSilo);
    }
}

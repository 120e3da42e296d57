using Orleans.Placement;

namespace Lad.Grains.Placement;

/// <summary>Marks a grain class to be placed by <see cref="HostOwnershipPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class HostOwnershipPlacementAttribute() : PlacementAttribute(HostOwnershipPlacement.Instance);

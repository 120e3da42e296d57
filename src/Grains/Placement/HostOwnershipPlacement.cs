namespace Lad.Grains.Placement;

/// <summary>Places a host detector (or a collection's shared poll) on the silo that <see cref="HostOwnership"/> names the owner of its key.</summary>
[GenerateSerializer]
public sealed class HostOwnershipPlacement : PlacementStrategy
{
    /// <summary>The one instance the attribute and the silo's registration share.</summary>
    public static readonly HostOwnershipPlacement Instance = new();
}

namespace Lad.Grains.Placement;

/// <summary>Places a host detector on the silo that <see cref="HostOwnership"/> names its owner.</summary>
[GenerateSerializer]
public sealed class HostOwnershipPlacement : PlacementStrategy
{
    /// <summary>The one instance the attribute and the silo's registration share.</summary>
    public static readonly HostOwnershipPlacement Instance = new();
}

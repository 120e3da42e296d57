namespace Lad.Grains.Abstractions.Sources;

/// <summary>Where to find the <see cref="ISourceRegistryGrain"/>.</summary>
public static class SourceRegistry
{
    /// <summary>The registry's grain key: there is one per cluster.</summary>
    public const long Key = 0;

    /// <summary>The registry grain.</summary>
    /// <param name="grains">The grain factory of a silo or client.</param>
    public static ISourceRegistryGrain Get(IGrainFactory grains) => grains.GetGrain<ISourceRegistryGrain>(Key);
}

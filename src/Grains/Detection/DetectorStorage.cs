namespace Lad.Grains.Detection;

/// <summary>Names of the grain storage that holds host detector state.</summary>
public static class DetectorStorage
{
    /// <summary>The grain storage provider name (a <see cref="Storage.MongoGrainStorage"/>).</summary>
    public const string ProviderName = "lad";

    /// <summary>The collection of state heads in <c>MG_TARGET_DB</c>; chunks go to <c>&lt;name&gt;.chunks</c>.</summary>
    public const string CollectionName = "lad_grainstate";
}

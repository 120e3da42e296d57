namespace Lad.Engine.Model.Som;

/// <summary>How the map's codebook starts (SOMPY_INIT).</summary>
public enum SomInit
{
    /// <summary>Spread over the plane of the data's first two principal components (SOMPY's default).</summary>
    Pca,

    /// <summary>Uniformly random inside the data's bounding box.</summary>
    Random,
}

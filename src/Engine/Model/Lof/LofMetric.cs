namespace Lad.Engine.Model.Lof;

/// <summary>The distance the LOF model measures between line vectors (LOF_METRIC).</summary>
/// <remarks>Only true metrics are offered: the neighbour index prunes by the triangle inequality, which cosine
/// distance and the like do not satisfy.</remarks>
public enum LofMetric
{
    /// <summary>Straight-line distance (scikit-learn's default, also its <c>minkowski</c> with p = 2 and <c>l2</c>).</summary>
    Euclidean,

    /// <summary>Sum of absolute differences (also <c>cityblock</c>, <c>l1</c>).</summary>
    Manhattan,

    /// <summary>Largest absolute difference (also <c>infinity</c>).</summary>
    Chebyshev,
}

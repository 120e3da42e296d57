namespace Lad.Engine.Parse;

/// <summary>Settings of a <see cref="TemplateMiner"/>. The defaults are one generic configuration for any log.</summary>
public sealed record MinerOptions
{
    /// <summary>
    /// Minimum share of a line's positions that must equal a template's constants for the line to join it when it
    /// differs only where it holds masked variables; also the share siblings must keep in common to merge (0..1).
    /// Lower merges more eagerly.
    /// </summary>
    public double SimilarityThreshold { get; init; } = 0.5;

    /// <summary>Depth of the prefix tree: the length layer plus <c>Depth - 2</c> leading tokens route a line.</summary>
    public int Depth { get; init; } = 4;

    /// <summary>Maximum children of one tree node before further distinct tokens share the wildcard child.</summary>
    public int MaxChildren { get; init; } = 100;

    /// <summary>
    /// How many distinct constant words one position must show, among templates that differ only there, before
    /// the position becomes a variable and those templates merge. Masked variables need no such evidence; plain
    /// words do, because a different word usually means a different event ("from NEW to RUNNING").
    /// </summary>
    public int DistinctValuesForVariable { get; init; } = 3;

    /// <summary>Maximum templates kept; when exceeded the least recently used template is evicted.</summary>
    public int MaxTemplates { get; init; } = 10_000;

    /// <summary>Which variable kinds are masked.</summary>
    public MaskingOptions Masking { get; init; } = new();

    /// <summary>Throws if an option is out of range, naming the option.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (double.IsNaN(SimilarityThreshold) || SimilarityThreshold is < 0 or > 1)
        {
            throw new ArgumentException(
                $"MinerOptions.SimilarityThreshold must be between 0 and 1, got {SimilarityThreshold}", nameof(SimilarityThreshold));
        }

        if (Depth is < 2 or > 32)
        {
            throw new ArgumentException($"MinerOptions.Depth must be between 2 and 32, got {Depth}", nameof(Depth));
        }

        if (MaxChildren < 1)
        {
            throw new ArgumentException($"MinerOptions.MaxChildren must be at least 1, got {MaxChildren}", nameof(MaxChildren));
        }

        if (DistinctValuesForVariable < 2)
        {
            throw new ArgumentException(
                $"MinerOptions.DistinctValuesForVariable must be at least 2, got {DistinctValuesForVariable}", nameof(DistinctValuesForVariable));
        }

        if (MaxTemplates < 1)
        {
            throw new ArgumentException($"MinerOptions.MaxTemplates must be at least 1, got {MaxTemplates}", nameof(MaxTemplates));
        }

        if (Masking is null)
        {
            throw new ArgumentException("MinerOptions.Masking must not be null", nameof(Masking));
        }

        Masking.CompilePatterns();
    }
}

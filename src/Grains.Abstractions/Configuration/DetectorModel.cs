namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Which anomaly model the daemon trains per host (the <c>MODEL</c> key).</summary>
public enum DetectorModel
{
    /// <summary>LAD's default model (<c>MODEL: default</c>).</summary>
    Default,

    /// <summary>The self-organising-map model kept for parity with the seed project (<c>MODEL: som</c>).</summary>
    Som,

    /// <summary>The reference rule (<c>MODEL: novelty</c>): a line whose template training never saw is anomalous.</summary>
    Novelty,

    /// <summary>The seed fork's Word2Vec + Local Outlier Factor model (<c>MODEL: lof</c>).</summary>
    Lof,
}

namespace Lad.Engine.Model.Default;

/// <summary>The kinds of evidence the default model weighs; each is normalised to [0, 1].</summary>
public enum EvidenceKind
{
    /// <summary>The line's template was never seen in training.</summary>
    NewTemplate,

    /// <summary>The template was seen, but rarely (smoothed −log frequency).</summary>
    RareTemplate,

    /// <summary>A parameter value or word never seen in this template, where training saw few distinct ones.</summary>
    UnusualValue,

    /// <summary>TF-IDF cosine distance from the line to the nearest training template.</summary>
    SemanticDistance,

    /// <summary>Generic error vocabulary (error, fail, fatal, exception, timeout, refused, ...).</summary>
    ErrorVocabulary,

    /// <summary>The level field: generic severity order, stronger when the level was rare in training.</summary>
    Severity,

    /// <summary>
    /// The line's context (its session, else its host's stream) never looked like this in training: the template
    /// repeated more often than in any training session, or followed a template it never followed.
    /// </summary>
    Context,
}

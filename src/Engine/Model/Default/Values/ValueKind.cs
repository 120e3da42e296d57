namespace Lad.Engine.Model.Default.Values;

/// <summary>How a place's values are judged, decided from what training saw there.</summary>
internal enum ValueKind
{
    /// <summary>A closed set of labels (status codes, states): a value never seen is evidence.</summary>
    Categorical,

    /// <summary>Sizes, durations, counts: a value is judged by how far outside the trained range it lies.</summary>
    Magnitude,

    /// <summary>Identifiers (ids, hashes, sessions): new values are the norm and say nothing.</summary>
    Identifier,
}

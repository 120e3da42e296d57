namespace Lad.Grains.Storage;

/// <summary>A stored grain state exists but cannot be read back: chunks missing or cut short, or bytes that no longer
/// deserialise. Reading it again gives the same answer, so the owner must replace the state, not retry.</summary>
public sealed class CorruptGrainStateException : Exception
{
    /// <summary>Creates the exception for the state stored under <paramref name="key"/>.</summary>
    /// <param name="key">The state's storage key (service id, grain id and state name).</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="storedETag">The ETag of the corrupt record, so a replacement can be written over it.</param>
    /// <param name="inner">The deserialisation error, if that is what failed.</param>
    public CorruptGrainStateException(string key, string problem, string storedETag, Exception? inner = null)
        : base($"Grain state '{key}' is corrupt: {problem}.", inner)
    {
        Key = key;
        Problem = problem;
        StoredETag = storedETag;
    }

    /// <summary>The state's storage key.</summary>
    public string Key { get; }

    /// <summary>What is wrong with the stored state.</summary>
    public string Problem { get; }

    /// <summary>The ETag of the corrupt record: writing with it replaces the record.</summary>
    public string StoredETag { get; }
}

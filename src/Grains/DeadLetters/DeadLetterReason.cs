namespace Lad.Grains.DeadLetters;

/// <summary>Why a source document was set aside in the dead-letter collection instead of stalling its host.</summary>
public enum DeadLetterReason
{
    /// <summary>The model threw while scoring the document's line.</summary>
    ScoringFailed,

    /// <summary>Its anomaly document could not be serialised for MongoDB.</summary>
    NotSerializable,

    /// <summary>Its anomaly document exceeds MongoDB's document size limit.</summary>
    TooLarge,

    /// <summary>MongoDB refused to write its anomaly document (a validation or write error on that document).</summary>
    WriteRejected,
}

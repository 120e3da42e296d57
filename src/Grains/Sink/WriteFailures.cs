using Lad.Grains.DeadLetters;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Sink;

/// <summary>Tells a write that failed because of one document (poison: writing it again fails again) from one that
/// failed because of the connection or the server's state (transient: the batch is retried from its checkpoint).</summary>
/// <remarks>Only failures known to be about the document are poison; anything else is treated as transient, so an
/// unforeseen error delays a batch rather than setting its anomalies aside.</remarks>
public static class WriteFailures
{
    /// <summary>Duplicate key: a concurrent writer, or a unique index the operator added; retried, never poison.</summary>
    public const int DuplicateKey = 11000;

    // Server codes that say nothing about the document: shutdown, elections, time limits, write conflicts, network.
    private static readonly HashSet<int> TransientCodes =
    [
        6, 7, 50, 89, 91, 112, 189, 202, 262, 9001, 10107, 11600, 11602, 13435, 13436, 46841,
    ];

    /// <summary>The dead-letter reason when <paramref name="error"/> is about the document written, else null.</summary>
    /// <param name="error">What a write of one document threw.</param>
    public static DeadLetterReason? PoisonReason(Exception error) => error switch
    {
        BsonSerializationException or BsonException => DeadLetterReason.NotSerializable,
        FormatException when error.Message.Contains("MaxDocumentSize", StringComparison.Ordinal) => DeadLetterReason.TooLarge,
        FormatException => DeadLetterReason.NotSerializable,
        MongoBulkWriteException<BsonDocument> bulk when bulk.WriteConcernError is null && bulk.UnprocessedRequests.Count == 0
                                          && bulk.WriteErrors.Count > 0 && bulk.WriteErrors.All(w => IsDocumentCode(w.Code)) =>
            bulk.WriteErrors.Any(w => IsTooLargeCode(w.Code)) ? DeadLetterReason.TooLarge : DeadLetterReason.WriteRejected,
        MongoWriteException write when write.WriteConcernError is null && write.WriteError is { } e && IsDocumentCode(e.Code) =>
            IsTooLargeCode(write.WriteError.Code) ? DeadLetterReason.TooLarge : DeadLetterReason.WriteRejected,
        MongoCommandException command when IsDocumentCode(command.Code) && !HasRetryableLabel(command) =>
            IsTooLargeCode(command.Code) ? DeadLetterReason.TooLarge : DeadLetterReason.WriteRejected,
        _ => null,
    };

    /// <summary>Whether <paramref name="error"/> is a duplicate key (reported as a command or a bulk write error).</summary>
    /// <param name="error">What a write threw.</param>
    public static bool IsDuplicateKey(Exception error) => error switch
    {
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(w => w.Code == DuplicateKey),
        MongoWriteException write => write.WriteError?.Code == DuplicateKey,
        MongoServerException server => server is MongoCommandException { Code: DuplicateKey } || server.Message.Contains("E11000", StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsDocumentCode(int code) => code > 0 && code != DuplicateKey && !TransientCodes.Contains(code);

    // BSONObjectTooLarge (10334) and the update-result-too-large codes.
    private static bool IsTooLargeCode(int code) => code is 10334 or 17419 or 17420;

    private static bool HasRetryableLabel(MongoException error) =>
        error.HasErrorLabel("RetryableWriteError") || error.HasErrorLabel("TransientTransactionError");
}

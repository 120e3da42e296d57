using MongoDB.Driver;

namespace Lad.Grains.Mongo;

/// <summary>What kind of failure a MongoDB exception reports, read the same way from MongoDB and from jongodb.</summary>
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    /// <summary>Whether <paramref name="e"/> reports duplicate keys and nothing else. MongoDB reports them as write
    /// errors (one per write of a bulk write), jongodb as a command error; both carry code 11000 or its "E11000" text.</summary>
    public static bool IsDuplicateKey(MongoException e) => e switch
    {
        MongoBulkWriteException bulk => bulk.WriteErrors.Count > 0 && bulk.WriteConcernError is null
                                        && bulk.WriteErrors.All(w => w.Code == DuplicateKeyCode),
        MongoWriteException write => write.WriteError?.Code == DuplicateKeyCode,
        MongoCommandException command when command.Code == DuplicateKeyCode => true,
        MongoServerException server => server.Message.Contains("E11000", StringComparison.Ordinal),
        _ => false,
    };
}

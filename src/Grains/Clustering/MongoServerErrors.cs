using MongoDB.Driver;

namespace Lad.Grains.Clustering;

/// <summary>Classifies server errors the tables treat as outcomes rather than failures.</summary>
internal static class MongoServerErrors
{
    private const int DuplicateKey = 11000;

    // jongodb reports duplicates as a command error, MongoDB as a write error: both carry code 11000.
    public static bool IsDuplicateKey(MongoServerException e) => e switch
    {
        MongoWriteException write => write.WriteError?.Code == DuplicateKey,
        MongoCommandException command => command.Code == DuplicateKey,
        _ => false,
    };
}

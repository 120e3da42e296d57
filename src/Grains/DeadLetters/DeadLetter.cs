using MongoDB.Bson;

namespace Lad.Grains.DeadLetters;

/// <summary>A source document set aside so its host could go on.</summary>
/// <param name="SourceCollection">The input collection the document came from.</param>
/// <param name="Host">The host whose detector handled it.</param>
/// <param name="SourceId">The source document's <c>_id</c>.</param>
/// <param name="Reason">Why it was set aside.</param>
/// <param name="Detail">What went wrong, as the failing component said it.</param>
/// <param name="Raw">The source document as it was read.</param>
public sealed record DeadLetter(
    string SourceCollection, string Host, BsonValue SourceId, DeadLetterReason Reason, string Detail, BsonDocument Raw);

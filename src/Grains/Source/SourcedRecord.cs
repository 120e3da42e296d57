using Lad.Engine.Source;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>A log record with the identity and time of the document it came from.</summary>
/// <param name="Id">The document's <c>_id</c>.</param>
/// <param name="Time">The document's time (the time field, else the ObjectId's creation time), UTC.</param>
/// <param name="Record">The record the engine sees.</param>
public sealed record SourcedRecord(BsonValue Id, DateTime Time, LogRecord Record);

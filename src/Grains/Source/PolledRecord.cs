using Lad.Engine.Source;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>A newly arrived log record, with the whole original document so a sink can copy its fields.</summary>
/// <param name="Id">The document's <c>_id</c> (an ObjectId, or any other value placed by the time field).</param>
/// <param name="Record">The record the engine scores.</param>
/// <param name="Document">The original document.</param>
/// <param name="Time">The document's time (the time field, else the ObjectId's time, else when a change stream delivered
/// it), UTC; null where no source placed it.</param>
public sealed record PolledRecord(BsonValue Id, LogRecord Record, BsonDocument Document, DateTime? Time = null);

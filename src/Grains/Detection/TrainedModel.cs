using Lad.Engine.Model;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>A finished training, ready to be stored and swapped in.</summary>
// Boundary: no id above it was read. IdsAbove: ids read above the window floor training was given (none for retrains);
// TimedAbove: the same for documents without ObjectId ids, by id text and time.
internal sealed record TrainedModel(
    IAnomalyModel Model,
    byte[] Bytes,
    ObjectId Boundary,
    IReadOnlyList<ObjectId> IdsAbove,
    IReadOnlyList<KeyValuePair<string, DateTime>> TimedAbove,
    int Lines,
    int Templates,
    byte[]? Volume);

using Lad.Engine.Model;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>A finished training, ready to be stored and swapped in.</summary>
// Boundary: no id above it was read. IdsAbove: ids read above the window floor training was given (none for retrains).
internal sealed record TrainedModel(
    IAnomalyModel Model, byte[] Bytes, ObjectId Boundary, IReadOnlyList<ObjectId> IdsAbove, int Lines, int Templates);

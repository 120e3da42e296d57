using Lad.Engine.Model;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>A finished training, ready to be stored and swapped in.</summary>
internal sealed record TrainedModel(IAnomalyModel Model, byte[] Bytes, ObjectId? NewestId, int Lines, int Templates, DateTime StartedAt);

using MongoDB.Bson;

namespace Lad.Grains.Polling;

/// <summary>One document id a collection scan found above its floor, with the host whose line it is.</summary>
/// <param name="Id">The document's ObjectId.</param>
/// <param name="Hostname">The host (<c>MG_HOSTNAME_FIELD</c>), or null when the document names none as text.</param>
public readonly record struct ScannedId(ObjectId Id, string? Hostname);

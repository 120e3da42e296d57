using Lad.Grains.DeadLetters;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Lad.Grains.Sink;

/// <summary>An anomaly as one line of JSON: the document MongoDB would hold (<see cref="AnomalyDocument"/>), in relaxed
/// extended JSON (dates as <c>{"$date": "..."}</c>), with no line break inside.</summary>
public static class AnomalyJsonLine
{
    private static readonly JsonWriterSettings Settings = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    /// <summary>The anomaly's id and its JSON line (without the line ending), or why it cannot be written.</summary>
    /// <param name="sourceCollection">The source the record came from.</param>
    /// <param name="anomaly">The anomaly.</param>
    public static (string Id, string? Line, DeadLetter? Problem) Of(string sourceCollection, DetectedAnomaly anomaly)
    {
        var document = AnomalyDocument.Build(sourceCollection, anomaly);
        var id = document["_id"].AsString;
        try
        {
            return (id, document.ToJson(Settings), null);
        }
        catch (Exception e) when (e is BsonSerializationException or InvalidOperationException or ArgumentException)
        {
            return (id, null, new DeadLetter(
                sourceCollection, anomaly.Source.Record.Host, anomaly.Source.Id, DeadLetterReason.NotSerializable, e.Message, anomaly.Source.Document));
        }
    }

    /// <summary>The <c>_id</c> of an anomaly line written earlier; null when the line is not one.</summary>
    /// <param name="line">A line of an anomaly file.</param>
    public static string? IdOf(string line)
    {
        try
        {
            return BsonDocument.Parse(line).TryGetValue("_id", out var id) && id.IsString ? id.AsString : null;
        }
        catch (Exception e) when (e is FormatException or BsonSerializationException or EndOfStreamException)
        {
            return null;
        }
    }
}

using Lad.Engine.Source;
using Lad.Engine.Source.Files;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Lad.Grains.Source.Files;

/// <summary>Turns a line of <c>LS_INPUT_PATH</c> into the record a detector scores, with a document an anomaly can carry,
/// or names why it cannot be one.</summary>
/// <remarks>A log line's document is <c>{file, line, text}</c> and its id the file's identity with the line's offset, so a
/// line keeps its id across restarts and a rotated file's lines never take another's. A JSON document keeps its own
/// <c>_id</c> (a <c>mongoexport</c> file's ObjectIds), else gets the line's id.</remarks>
public sealed class FileLineReader
{
    private readonly string _path;
    private readonly LocalFileFormat _format;
    private readonly string _defaultHost;
    private readonly LogDocumentReader _documents;

    /// <summary>What the file holds.</summary>
    public LocalFileFormat Format => _format;

    /// <summary>The file.</summary>
    public string Path => _path;

    /// <summary>Creates the reader of <paramref name="path"/>'s lines.</summary>
    /// <param name="path">The input file (named in the documents and in errors).</param>
    /// <param name="format">What its lines hold.</param>
    /// <param name="shape">Where JSON documents keep message, host, level and time.</param>
    /// <param name="defaultHost">The host of lines that name none (<c>LOGSOURCE_HOSTNAME</c>).</param>
    public FileLineReader(string path, LocalFileFormat format, MongoDocumentShape shape, string defaultHost)
    {
        _path = path;
        _format = format;
        _defaultHost = defaultHost;
        _documents = new LogDocumentReader(shape);
    }

    /// <summary>Reads <paramref name="line"/>.</summary>
    /// <param name="line">The tailed line.</param>
    /// <param name="readAt">When it was read (the time of a document without one).</param>
    /// <param name="record">The record, when the line is usable.</param>
    /// <param name="problem">For a line that is not JSON in a JSON file: the error naming file and line.</param>
    /// <returns>Null when <paramref name="record"/> was read; else why not.</returns>
    public SkipReason? TryRead(TailedLine line, DateTime readAt, out PolledRecord? record, out string? problem)
    {
        record = null;
        problem = null;
        var id = new BsonString($"{line.File}:{line.Offset}");
        if (_format == LocalFileFormat.LogLines)
        {
            var (host, message, time) = SyslogLine.Parse(line.Text);
            var document = new BsonDocument { ["_id"] = id, ["file"] = _path, ["line"] = line.Number, ["text"] = line.Text };
            record = new PolledRecord(id, new LogRecord(message, null, host ?? _defaultHost), document, time ?? readAt);
            return null;
        }

        if (string.IsNullOrWhiteSpace(line.Text))
        {
            return null;
        }

        BsonDocument parsed;
        try
        {
            parsed = BsonDocument.Parse(line.Text);
        }
        catch (Exception e) when (e is FormatException or BsonSerializationException or EndOfStreamException or InvalidCastException)
        {
            problem = new LogInputFormatException(_path, line.Number, $"not a JSON document ({e.Message})").Message;
            return SkipReason.NotJson;
        }

        if (!parsed.Contains("_id"))
        {
            parsed.InsertAt(0, new BsonElement("_id", id));
        }

        var reason = _documents.TryRead(parsed, out var documentId, out var documentTime, out var read, readAt);
        if (reason is not null)
        {
            return reason;
        }

        record = new PolledRecord(documentId, read!, parsed, documentTime);
        return null;
    }
}

namespace Lad.Grains.Source.Files;

/// <summary>What <c>LS_INPUT_PATH</c> holds, told by its name: documents (<c>.json</c>, <c>.jsonl</c>,
/// <c>.ndjson</c>: one JSON object per line, as <c>mongoexport</c> writes them, or a <c>.json</c> file holding one JSON
/// array) or log lines (anything else).</summary>
/// <remarks>By name rather than by content: plain logs often start with <c>[</c> or <c>{</c>, and a file named as JSON
/// whose line is not JSON is an error to report, not a log line to learn.</remarks>
public enum LocalFileFormat
{
    /// <summary>Log lines; syslog forms name their host (<see cref="Lad.Engine.Source.Files.SyslogLine"/>).</summary>
    LogLines,

    /// <summary>One JSON document per line, fields named by <c>MG_*_FIELD</c> (the fork's <c>*_INDEX</c>).</summary>
    JsonDocuments,

    /// <summary>A finished export: one JSON array of such documents (<c>mongoexport --jsonArray</c>), read once; an
    /// export put in its place later is read from its start.</summary>
    JsonArray,
}

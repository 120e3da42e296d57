namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Feedback about one line, naming it either by its anomaly id or by message text and host.</summary>
/// <param name="AnomalyId">The anomaly's <c>_id</c> (<c>collection:sourceId</c>); null when the line is named by <paramref name="Message"/>.</param>
/// <param name="Message">The line's text; with no anomaly id, <paramref name="Collection"/> and <paramref name="Hostname"/> are required.</param>
/// <param name="Collection">The input collection of the host, when naming the line by text.</param>
/// <param name="Hostname">The host, when naming the line by text.</param>
/// <param name="Verdict">False or true positive.</param>
/// <param name="Scope">What a false positive covers.</param>
/// <param name="User">Who gave the feedback.</param>
/// <param name="Note">A free comment; may be null.</param>
/// <param name="ExpiresIn">How long a false positive acts (suppression and training); null: until undone.</param>
/// <param name="By">Who, as the silo's HTTP API authenticated them; ignored on a client's call, whose token the silo
/// names itself.</param>
/// <param name="From">Where from (the HTTP client's address); ignored on a client's call, recorded as <c>console</c>.</param>
/// <param name="Parameter">Value scope: which template parameter (from 1) holds the normal value; needed only when the
/// line has unusual values at several parameters.</param>
[GenerateSerializer, Immutable]
public sealed record FeedbackRequest(
    [property: Id(0)] string? AnomalyId,
    [property: Id(1)] string? Message,
    [property: Id(2)] string? Collection,
    [property: Id(3)] string? Hostname,
    [property: Id(4)] FeedbackVerdict Verdict,
    [property: Id(5)] FeedbackScope Scope,
    [property: Id(6)] string User,
    [property: Id(7)] string? Note,
    [property: Id(8)] TimeSpan? ExpiresIn = null,
    [property: Id(9)] string? By = null,
    [property: Id(10)] string? From = null,
    [property: Id(11)] int? Parameter = null);

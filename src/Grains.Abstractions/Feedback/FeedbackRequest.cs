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
[GenerateSerializer, Immutable]
public sealed record FeedbackRequest(
    [property: Id(0)] string? AnomalyId,
    [property: Id(1)] string? Message,
    [property: Id(2)] string? Collection,
    [property: Id(3)] string? Hostname,
    [property: Id(4)] FeedbackVerdict Verdict,
    [property: Id(5)] FeedbackScope Scope,
    [property: Id(6)] string User,
    [property: Id(7)] string? Note);

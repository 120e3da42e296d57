using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Stored feedback about one line of one host.</summary>
/// <param name="Id">The feedback's id.</param>
/// <param name="Host">The host the line came from.</param>
/// <param name="Message">The line's text.</param>
/// <param name="Template">The line's template when known (always for template scope).</param>
/// <param name="Verdict">False or true positive.</param>
/// <param name="Scope">What a false positive covers.</param>
/// <param name="User">Who gave it.</param>
/// <param name="At">When it was given (UTC).</param>
/// <param name="Note">A free comment; may be null.</param>
/// <param name="AnomalyId">The anomaly it was given on, when named by id.</param>
[GenerateSerializer, Immutable]
public sealed record FeedbackRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] HostKey Host,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Template,
    [property: Id(4)] FeedbackVerdict Verdict,
    [property: Id(5)] FeedbackScope Scope,
    [property: Id(6)] string User,
    [property: Id(7)] DateTime At,
    [property: Id(8)] string? Note,
    [property: Id(9)] string? AnomalyId);

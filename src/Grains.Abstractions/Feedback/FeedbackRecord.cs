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
/// <param name="ExpiresAt">When a false positive stops being suppressed and trained on (UTC); null: never.</param>
/// <param name="By">The name of the API token that gave it (<c>anonymous</c> when the control plane has no tokens).</param>
/// <param name="From">Where it came from: the HTTP client's address, or <c>console</c> for the <c>lad</c> tool.</param>
/// <param name="UndoneAt">When it was undone (UTC); null while it stands.</param>
/// <param name="UndoneBy">The token name that undid it; null while it stands.</param>
/// <param name="Parameter">Value scope: the template parameter (from 1) whose value is normal; null otherwise.</param>
/// <param name="Value">Value scope: the value that is normal at <paramref name="Parameter"/>; null otherwise.</param>
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
    [property: Id(9)] string? AnomalyId,
    [property: Id(10)] DateTime? ExpiresAt = null,
    [property: Id(11)] string? By = null,
    [property: Id(12)] string? From = null,
    [property: Id(13)] DateTime? UndoneAt = null,
    [property: Id(14)] string? UndoneBy = null,
    [property: Id(15)] int? Parameter = null,
    [property: Id(16)] string? Value = null)
{
    /// <summary>Whether the feedback still acts at <paramref name="utcNow"/>: not undone and not expired.</summary>
    public bool StandsAt(DateTime utcNow) => UndoneAt is null && (ExpiresAt is not { } expires || expires > utcNow);
}

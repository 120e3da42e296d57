using Lad.Grains.Abstractions.Security;
namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Takes and lists human feedback on reported lines (key 0); feedback is stored in MongoDB and a false
/// positive reaches its host's detector at once.</summary>
[Alias("lad.IFeedbackGrain")]
public interface IFeedbackGrain : IGrainWithIntegerKey
{
    /// <summary>Stores feedback and, for a false positive, makes the host stop reporting the line (or its template) now.</summary>
    /// <param name="request">The feedback.</param>
    /// <returns>What was stored.</returns>
    /// <exception cref="LadRequestException">Unknown anomaly id, missing message or host, unknown host, a template
    /// scope for a host that has no model yet or for a template without constant text, or a non-positive expiry.</exception>
    [RequiresRole(LadRole.Feedback)]
    Task<FeedbackRecord> SubmitAsync(FeedbackRequest request);

    /// <summary>Gives the same feedback on every line of an incident (up to <see cref="IncidentLineLimit"/> of them):
    /// one record per distinct line for line scope, per host and template for template scope.</summary>
    /// <param name="incidentId">The incident (<c>lad incidents</c>).</param>
    /// <param name="request">The feedback; its anomaly id, message, source and host are ignored (the incident's lines
    /// name them).</param>
    /// <returns>What was stored, one record per distinct line or template.</returns>
    /// <exception cref="LadRequestException">No incident has that id, value scope (an incident's lines hold different
    /// values), or any refusal <see cref="SubmitAsync"/> gives for one of its lines.</exception>
    [RequiresRole(LadRole.Feedback)]
    Task<IReadOnlyList<FeedbackRecord>> SubmitForIncidentAsync(string incidentId, FeedbackRequest request);

    /// <summary>The most lines of one incident that incident feedback covers.</summary>
    public const int IncidentLineLimit = 10_000;

    /// <summary>Undoes feedback: a false positive stops acting on its host's detector at once and is no longer trained
    /// on; the record stays, marked undone (when and by whom).</summary>
    /// <param name="id">The feedback's id.</param>
    /// <param name="by">Who undoes it, as the silo's HTTP API authenticated them; ignored on a client's call.</param>
    /// <returns>The undone record.</returns>
    /// <exception cref="LadRequestException">No feedback has that id, or it was undone already.</exception>
    [RequiresRole(LadRole.Feedback)]
    Task<FeedbackRecord> UndoAsync(string id, string? by = null);

    /// <summary>Stored feedback, newest first.</summary>
    /// <param name="collection">Only this input collection, when given.</param>
    /// <param name="hostname">Only this host, when given.</param>
    /// <param name="verdict">Only this verdict, when given.</param>
    /// <param name="limit">Most records to return.</param>
    [RequiresRole(LadRole.Read)]
    Task<IReadOnlyList<FeedbackRecord>> ListAsync(string? collection, string? hostname, FeedbackVerdict? verdict, int limit);
}

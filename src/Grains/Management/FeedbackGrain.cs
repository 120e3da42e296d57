using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Detection;
using Lad.Grains.Security;
using Microsoft.Extensions.Options;
using MongoDB.Bson;

namespace Lad.Grains.Management;

/// <summary>Resolves feedback to a host's line, stores it and tells the host's detector about false positives.</summary>
internal sealed class FeedbackGrain(DetectorServices services, IOptions<DetectorTimings> timings) : Grain, IFeedbackGrain
{
    public Task<FeedbackRecord> SubmitAsync(FeedbackRequest request) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => SubmitAsync(request, token));

    private async Task<FeedbackRecord> SubmitAsync(FeedbackRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new LadRequestException("user: must not be empty");
        }

        SuppressionRules.RequireUsableExpiry(request.ExpiresIn);
        SuppressionRules.RequireValueScopeUse(request);
        var (host, message, template) = string.IsNullOrWhiteSpace(request.AnomalyId)
            ? await ByMessageAsync(request, cancellationToken)
            : await ByAnomalyIdAsync(request.AnomalyId, cancellationToken);
        var detector = GrainFactory.GetGrain<IHostDetectorGrain>(host.ToGrainKey());
        if (request.Scope == FeedbackScope.Template && template is null)
        {
            template = await detector.TemplateOfAsync(message)
                ?? throw new LadRequestException($"scope: host {host} has no model yet, so the line's template is unknown; use line scope");
        }

        if (request.Scope == FeedbackScope.Template && request.Verdict == FeedbackVerdict.FalsePositive)
        {
            SuppressionRules.RequireConstantToken(template!);
        }

        ValueEvidence? value = null;
        if (request.Scope == FeedbackScope.Value)
        {
            value = ValueFeedbackTarget.Choose(await detector.UnusualValuesAsync(message), request.Parameter, host);
            template = value.Template;
        }

        var at = DateTime.UtcNow;
        var (by, from) = Audit(request.By, request.From);
        var record = new FeedbackRecord(
            ObjectId.GenerateNewId().ToString(), host, message, template, request.Verdict, request.Scope,
            request.User, at, request.Note, string.IsNullOrWhiteSpace(request.AnomalyId) ? null : request.AnomalyId,
            request.ExpiresIn is { } expiresIn ? at + expiresIn : null, by, from, Parameter: value?.Parameter, Value: value?.Value);
        await services.Feedback.InsertAsync(record, cancellationToken);
        if (record.Verdict == FeedbackVerdict.FalsePositive)
        {
            await detector.ApplyFeedbackAsync(record);
        }

        return record;
    }

    // Covering up to 10,000 lines may rightly take longer than one request's deadline: each step waits under a deadline
    // of its own, so no reply that never comes holds the grain, while a client that stopped waiting does not leave the
    // incident half covered.
    public async Task<IReadOnlyList<FeedbackRecord>> SubmitForIncidentAsync(string incidentId, FeedbackRequest request)
    {
        if (request.Scope == FeedbackScope.Value)
        {
            throw new LadRequestException("scope: value scope names one parameter of one line; give it on an anomaly id, not an incident");
        }

        var deadline = timings.Value;
        var incident = await deadline.WithinRequestDeadlineAsync(services.Mongo, token => services.Incidents.FindAsync(incidentId, token))
            ?? throw new LadRequestException($"incident: no incident '{incidentId}' (see lad incidents)");
        var records = new List<FeedbackRecord>();
        var covered = new HashSet<(HostKey Host, string What)>();
        var anomalyIds = await deadline.WithinRequestDeadlineAsync(services.Mongo, token => services.Incidents.AnomalyIdsAsync(incident.Id, IFeedbackGrain.IncidentLineLimit, token));
        foreach (var anomalyId in anomalyIds)
        {
            var (host, message, template) = await deadline.WithinRequestDeadlineAsync(services.Mongo, token => ByAnomalyIdAsync(anomalyId, token));
            // One record per distinct line (line scope) or per host and template (template scope): the same suppression
            // given twice would only be undone twice.
            if (covered.Add((host, request.Scope == FeedbackScope.Template ? template ?? message : message)))
            {
                records.Add(await SubmitAsync(request with { AnomalyId = anomalyId, Message = null, Collection = null, Hostname = null }));
            }
        }

        return records;
    }

    public Task<FeedbackRecord> UndoAsync(string id, string? by = null) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => UndoAsync(id, by, token));

    private async Task<FeedbackRecord> UndoAsync(string id, string? by, CancellationToken cancellationToken)
    {
        var existing = await services.Feedback.FindAsync(id, cancellationToken)
            ?? throw new LadRequestException($"id: no feedback '{id}' (see lad feedback list)");
        if (existing.UndoneAt is { } undoneAt)
        {
            throw new LadRequestException($"id: feedback '{id}' was undone already, at {undoneAt:yyyy-MM-dd HH:mm:ss}Z by {existing.UndoneBy}");
        }

        var undone = await services.Feedback.MarkUndoneAsync(id, DateTime.UtcNow, Audit(by, null).By, cancellationToken)
            ?? throw new LadRequestException($"id: feedback '{id}' was undone already");
        await GrainFactory.GetGrain<IHostDetectorGrain>(undone.Host.ToGrainKey()).ApplyFeedbackAsync(undone);
        return undone;
    }

    public Task<IReadOnlyList<FeedbackRecord>> ListAsync(string? collection, string? hostname, FeedbackVerdict? verdict, int limit) =>
        timings.Value.WithinRequestDeadlineAsync(services.Mongo, token => ListAsync(collection, hostname, verdict, limit, token));

    private async Task<IReadOnlyList<FeedbackRecord>> ListAsync(string? collection, string? hostname, FeedbackVerdict? verdict, int limit, CancellationToken cancellationToken)
    {
        if (limit < 1)
        {
            throw new LadRequestException($"limit: must be at least 1, not {limit}");
        }

        return await services.Feedback.ListAsync(collection, hostname, verdict, limit, cancellationToken);
    }

    // A client's call carries the token name the silo's call filter found; only calls the silo made itself (its HTTP API,
    // which authenticated the request) say who and where from themselves.
    private static (string By, string From) Audit(string? by, string? from) => CallIdentity.ClientName is { } client
        ? (client, "console")
        : (by ?? CallIdentity.Anonymous, from ?? "silo");

    private async Task<(HostKey Host, string Message, string? Template)> ByAnomalyIdAsync(string anomalyId, CancellationToken cancellationToken)
    {
        var collection = await CollectionOfAsync(anomalyId, cancellationToken);
        var source = await services.SourceStore.FindAsync(collection, cancellationToken)
            ?? throw new LadRequestException($"anomaly id: '{anomalyId}' names source '{collection}', which is not registered");
        var anomaly = await services.AnomalyReader.FindAsync(source.TargetCollection, anomalyId, cancellationToken)
            ?? throw new LadRequestException($"anomaly id: no anomaly '{anomalyId}' in '{source.TargetCollection}'");
        return (new HostKey(collection, anomaly.Hostname), anomaly.Message, anomaly.Template);
    }

    // The id is "<collection>:<source id>": 24 hex digits, or for documents read by their time the id's JSON ("\"abc\"",
    // 42). Collection names and text ids may both hold ':', so a text id's collection is the longest registered source
    // the id starts with.
    private async Task<string> CollectionOfAsync(string anomalyId, CancellationToken cancellationToken)
    {
        var split = anomalyId.LastIndexOf(':');
        if (split > 0 && ObjectId.TryParse(anomalyId[(split + 1)..], out _))
        {
            return anomalyId[..split];
        }

        var sources = await services.SourceStore.ListAsync(null, cancellationToken);
        return sources.Select(s => s.Collection)
                .Where(c => anomalyId.Length > c.Length + 1 && anomalyId.StartsWith(c + ":", StringComparison.Ordinal))
                .MaxBy(c => c.Length)
            ?? throw new LadRequestException(
                $"anomaly id: '{anomalyId}' is not an anomaly id (expected <collection>:<source document id> of a registered source)");
    }

    private async Task<(HostKey Host, string Message, string? Template)> ByMessageAsync(FeedbackRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Message))
        {
            throw new LadRequestException("message: give an anomaly id, or the line's text with its source and host");
        }

        if (string.IsNullOrWhiteSpace(request.Collection) || string.IsNullOrWhiteSpace(request.Hostname))
        {
            throw new LadRequestException("source/host: feedback by message text needs both the source collection and the host");
        }

        var source = await services.SourceStore.FindAsync(request.Collection, cancellationToken);
        if (source is null || !source.Hostnames.Contains(request.Hostname))
        {
            throw new LadRequestException($"host: {request.Collection}/{request.Hostname} is not a registered host (see lad sources list)");
        }

        return (new HostKey(request.Collection, request.Hostname), request.Message, null);
    }
}

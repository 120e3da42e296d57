using System.Globalization;
using System.Text.Json;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Abstractions.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>Incidents over HTTP, as <c>lad incidents</c>, <c>lad incident</c>, <c>lad ack</c> and <c>lad resolve</c>:
/// <c>GET /api/incidents</c>, <c>GET /api/incidents/{id}</c>, <c>POST /api/incidents/{id}/ack</c> and
/// <c>POST /api/incidents/{id}/resolve</c>, and <c>GET /api/incidents/timeline</c> and <c>GET /api/incidents/open-counts</c>
/// for the console.</summary>
internal static class IncidentEndpoints
{
    private const int DefaultListLimit = 100;
    private const int DefaultContext = 3;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/incidents", ListAsync)
            .WithSummary("Incidents, latest seen first.").RequireAuthorization(WebRoles.Name(LadRole.Read));
        endpoints.MapGet("/api/incidents/timeline", TimelineAsync)
            .WithSummary("Incidents opened per hour over a time range (the last 24 h by default), by the list's filters.")
            .RequireAuthorization(WebRoles.Name(LadRole.Read));
        endpoints.MapGet("/api/incidents/open-counts", ([FromServices] IGrainFactory grains) =>
                AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).OpenCountsAsync()))
            .WithSummary("How many incidents are open, in all and per host.").RequireAuthorization(WebRoles.Name(LadRole.Read));
        endpoints.MapGet("/api/incidents/{id}", GetAsync)
            .WithSummary("One incident with context lines around each sample.").RequireAuthorization(WebRoles.Name(LadRole.Read));
        endpoints.MapPost("/api/incidents/{id}/ack", (string id, HttpContext context, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).AcknowledgeAsync(id, Who(context))))
            .WithSummary("Acknowledges an incident in the token's name.")
            .RequireAuthorization(WebRoles.Name(LadRole.Feedback)).RequireRateLimiting(LadWebHost.FeedbackRatePolicy);
        endpoints.MapPost("/api/incidents/{id}/resolve", (string id, HttpContext context, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).ResolveAsync(id, Who(context))))
            .WithSummary("Resolves an incident in the token's name; a repeat opens a new one.")
            .RequireAuthorization(WebRoles.Name(LadRole.Feedback)).RequireRateLimiting(LadWebHost.FeedbackRatePolicy);
        return endpoints;
    }

    // Numbers, flags and times are bound as text so that a bad one gets a 400 naming it, like every other bad request.
    private static Task<IResult> ListAsync(
        string? open, string? source, string? host, string? since, string? limit, string? state, string? until, string? skip,
        [FromServices] IGrainFactory grains) =>
        AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).ListAsync(Query(open, source, host, since, limit, state, until, skip)));

    private static Task<IResult> TimelineAsync(
        string? open, string? source, string? host, string? since, string? state, string? until, [FromServices] IGrainFactory grains) =>
        AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).TimelineAsync(Query(open, source, host, since, null, state, until, null)));

    private static IncidentQuery Query(string? open, string? source, string? host, string? since, string? limit, string? state, string? until, string? skip) => new(
        open is null ? false : bool.TryParse(open, out var openOnly) ? openOnly : throw new LadRequestException($"open: '{open}' is not true or false"),
        string.IsNullOrEmpty(source) ? null : source,
        string.IsNullOrEmpty(host) ? null : host,
        string.IsNullOrEmpty(since) ? null : Time("since", since),
        limit is null ? DefaultListLimit : Number("limit", limit),
        string.IsNullOrEmpty(state) ? null : state,
        string.IsNullOrEmpty(until) ? null : Time("until", until),
        skip is null ? 0 : Number("skip", skip));

    private static Task<IResult> GetAsync(string id, string? context, [FromServices] IGrainFactory grains) =>
        AnswerAsync(() => grains.GetGrain<IIncidentQueryGrain>(0).GetAsync(id, context is null ? DefaultContext : Number("context", context)));

    private static Task<IResult> AnswerAsync<T>(Func<Task<T>> call) => ApiResponses.JsonAsync(call, Json);

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new LadRequestException($"{name}: '{text}' is not a whole number");

    private static DateTime Time(string name, string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new LadRequestException($"{name}: '{text}' is not a time (2026-11-24T10:00:00Z)");

    private static string Who(HttpContext context) => context.User.Identity?.Name ?? TokenAuthenticationHandler.Anonymous;
}

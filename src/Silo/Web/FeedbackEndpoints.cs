using System.Text.Json;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Abstractions.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>The original project's feedback-link API, <c>POST /api/feedback</c> and <c>GET /api/false_positive</c>, and
/// <c>DELETE /api/feedback/{id}</c>, which undoes feedback.</summary>
/// <remarks>Bodies are parsed by hand so every bad request gets a 400 whose <c>error</c> names the field. [FromServices]
/// keeps the group mappable in a web app hosted without a cluster (tests of the web server itself).</remarks>
internal static class FeedbackEndpoints
{
    private const int DefaultListLimit = 1000;

    /// <summary>The largest feedback body taken (1 MiB): room for a message of the longest length scored
    /// (<c>MG_MAX_MESSAGE_LENGTH</c>, 65536 characters by default) even with every character JSON-escaped.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The size limit is enforced by the server as the body is read, so an oversized body is refused without buffering it.
        endpoints.MapPost("/api/feedback", PostFeedbackAsync)
            .WithSummary("Gives feedback on one line (false or true positive), by anomaly id or by message, source and host.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(WebRoles.Name(LadRole.Feedback)).RequireRateLimiting(LadWebHost.FeedbackRatePolicy);
        endpoints.MapPost("/api/incidents/{id}/feedback", PostIncidentFeedbackAsync)
            .WithSummary("Gives the same feedback on every line of an incident.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(WebRoles.Name(LadRole.Feedback)).RequireRateLimiting(LadWebHost.FeedbackRatePolicy);
        endpoints.MapDelete("/api/feedback/{id}", UndoFeedbackAsync)
            .WithSummary("Undoes feedback: the line (or template, or value) is reported again at once.")
            .RequireAuthorization(WebRoles.Name(LadRole.Feedback)).RequireRateLimiting(LadWebHost.FeedbackRatePolicy);
        endpoints.MapGet("/api/false_positive", ListFalsePositivesAsync)
            .WithSummary("The stored false positives, newest first.").RequireAuthorization(WebRoles.Name(LadRole.Read));
        return endpoints;
    }

    private static Task<IResult> PostFeedbackAsync(HttpRequest request, [FromServices] IGrainFactory grains) =>
        SubmitAsync(request, async feedback => FeedbackJson.Write(await grains.GetGrain<IFeedbackGrain>(0).SubmitAsync(feedback)));

    // The body is a feedback request without lad_id, message, source or host: the incident's lines name themselves.
    private static Task<IResult> PostIncidentFeedbackAsync(string id, HttpRequest request, [FromServices] IGrainFactory grains) =>
        SubmitAsync(request, async feedback =>
            (await grains.GetGrain<IFeedbackGrain>(0).SubmitForIncidentAsync(id, feedback)).Select(FeedbackJson.Write).ToList());

    private static async Task<IResult> SubmitAsync(HttpRequest request, Func<FeedbackRequest, Task<object>> submit)
    {
        FeedbackRequest feedback;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            feedback = FeedbackJson.Read(body.RootElement, Who(request.HttpContext), request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }
        catch (JsonException e)
        {
            return ApiResponses.BadRequest($"malformed JSON: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiResponses.Error($"body: larger than the {MaxBodyBytes} bytes a feedback request may have", StatusCodes.Status413PayloadTooLarge);
        }
        catch (LadRequestException e)
        {
            return ApiResponses.BadRequest(e.Message);
        }

        try
        {
            return Results.Json(await submit(feedback), statusCode: StatusCodes.Status201Created);
        }
        catch (LadRequestException e)
        {
            return ApiResponses.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> UndoFeedbackAsync(string id, HttpContext context, [FromServices] IGrainFactory grains)
    {
        try
        {
            var undone = await grains.GetGrain<IFeedbackGrain>(0).UndoAsync(id, Who(context));
            return Results.Json(FeedbackJson.Write(undone));
        }
        catch (LadRequestException e)
        {
            return ApiResponses.BadRequest(e.Message);
        }
    }

    private static string Who(HttpContext context) => context.User.Identity?.Name ?? TokenAuthenticationHandler.Anonymous;

    // limit is bound as text so a non-number gets the same 400 with a reason as every other bad request.
    private static async Task<IResult> ListFalsePositivesAsync(string? source, string? host, string? limit, [FromServices] IGrainFactory grains)
    {
        var count = DefaultListLimit;
        if (limit is not null && !int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count))
        {
            return ApiResponses.BadRequest($"limit: '{limit}' is not a whole number");
        }

        try
        {
            var list = await grains.GetGrain<IFeedbackGrain>(0)
                .ListAsync(source, host, FeedbackVerdict.FalsePositive, count);
            return Results.Json(list.Select(FeedbackJson.Write).ToList());
        }
        catch (LadRequestException e)
        {
            return ApiResponses.BadRequest(e.Message);
        }
    }

}

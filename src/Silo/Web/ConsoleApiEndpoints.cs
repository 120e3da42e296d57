using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Anomalies;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Abstractions.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>What the browser console needs beyond the incident and feedback endpoints, as <c>lad hosts</c>,
/// <c>lad sources</c>, <c>lad anomalies</c> and <c>lad retrain</c> do over Orleans: <c>GET /api/me</c>,
/// <c>GET /api/hosts</c>, <c>GET /api/hosts/{collection}/{host}</c>, <c>GET /api/sources</c>, <c>GET /api/anomalies</c>, <c>POST /api/sources/{collection}/hosts</c>,
/// <c>DELETE /api/sources/{collection}/hosts/{host}</c>, <c>GET /api/hosts/{collection}/{host}/model</c>, <c>GET /api/anomalies/hourly</c> and
/// <c>POST /api/hosts/{collection}/{host}/retrain</c>.</summary>
internal static class ConsoleApiEndpoints
{
    private const int DefaultAnomalyLimit = 50;
    private const int DefaultModelTemplates = 50;
    private const int DefaultHours = 24;
    private const int MaxModelTemplates = 1000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static IEndpointRouteBuilder MapConsoleApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var read = WebRoles.Name(LadRole.Read);
        var admin = WebRoles.Name(LadRole.Admin);
        endpoints.MapGet("/api/me", (HttpContext context) => Results.Json(
                new Dictionary<string, string?> { ["name"] = context.User.Identity?.Name, ["role"] = context.User.FindFirstValue(ClaimTypes.Role) }))
            .WithSummary("The caller's token name and role.").RequireAuthorization(read);
        endpoints.MapGet("/api/hosts", ([FromServices] IGrainFactory grains) => AnswerAsync(() => HostStatuses.OfRegisteredAsync(grains)))
            .WithSummary("The status of every registered host, in source then host order.").RequireAuthorization(read);
        endpoints.MapGet("/api/sources", ([FromServices] IGrainFactory grains) => AnswerAsync(() => SourceRegistry.Get(grains).ListAsync()))
            .WithSummary("The registered sources with their hosts.").RequireAuthorization(read);
        endpoints.MapGet("/api/anomalies", (string? source, string? host, string? since, string? limit, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => grains.GetGrain<IAnomalyQueryGrain>(0).QueryAsync(new AnomalyQuery(
                    source, host, since is null ? null : Time("since", since), limit is null ? DefaultAnomalyLimit : Number("limit", limit)))))
            .WithSummary("Anomalies, newest first, by source, host and time.").RequireAuthorization(read);
        endpoints.MapGet("/api/hosts/{collection}/{host}/model", (string collection, string host, string? templates, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => ModelAsync(grains, collection, host, templates is null ? DefaultModelTemplates : Number("templates", templates))))
            .WithSummary("What a host's model learned: templates with counts, values, rates; null before its first training.").RequireAuthorization(read);
        endpoints.MapGet("/api/hosts/{collection}/{host}", (string collection, string host, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => StatusOfRegisteredAsync(grains, collection, host)))
            .WithSummary("The status of one registered host.").RequireAuthorization(read);
        endpoints.MapGet("/api/anomalies/hourly", (string? hours, string? source, string? host, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => grains.GetGrain<IAnomalyQueryGrain>(0).HourlyAsync(
                    hours is null ? DefaultHours : Number("hours", hours), string.IsNullOrEmpty(source) ? null : source, string.IsNullOrEmpty(host) ? null : host)))
            .WithSummary("Every host's anomalies per clock hour over the last 24 h (or ?hours=), by source and host.").RequireAuthorization(read);
        endpoints.MapPost("/api/sources/{collection}/hosts", AddHostsAsync).WithSummary("Adds hosts to a source.").RequireAuthorization(admin);
        endpoints.MapDelete("/api/sources/{collection}/hosts/{host}", (string collection, string host, [FromServices] IGrainFactory grains) =>
                AnswerAsync(async () => (object?)await SourceRegistry.Get(grains).RemoveAsync(collection, [host])))
            .WithSummary("Removes a host from a source.").RequireAuthorization(admin);
        endpoints.MapPost("/api/hosts/{collection}/{host}/retrain", (string collection, string host, [FromServices] IGrainFactory grains) =>
                AnswerAsync(() => RetrainAsync(grains, collection, host)))
            .WithSummary("Retrains a host on its recent history.").RequireAuthorization(admin);
        return endpoints;
    }

    private static async Task<HostStatus> StatusOfRegisteredAsync(IGrainFactory grains, string collection, string host)
    {
        await RegisteredAsync(grains, collection, host);
        return await HostStatuses.OfAsync(grains, new HostKey(collection, host));
    }

    private static async Task<HostModelSummary?> ModelAsync(IGrainFactory grains, string collection, string host, int templates)
    {
        if (templates is < 0 or > MaxModelTemplates)
        {
            throw new LadRequestException($"templates: must be between 0 and {MaxModelTemplates}, not {templates}");
        }

        await RegisteredAsync(grains, collection, host);
        return await grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, host).ToGrainKey()).GetModelSummaryAsync(templates);
    }

    // As lad retrain: an unknown host is refused rather than activating a stray detector.
    private static async Task RegisteredAsync(IGrainFactory grains, string collection, string host)
    {
        var sources = await SourceRegistry.Get(grains).ListAsync();
        if (!sources.Any(s => s.Collection == collection && s.Hostnames.Contains(host)))
        {
            throw new LadRequestException($"host: {collection}/{host} is not a registered host (see GET /api/sources)");
        }
    }

    private static async Task<HostStatus> RetrainAsync(IGrainFactory grains, string collection, string host)
    {
        await RegisteredAsync(grains, collection, host);
        var detector = grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, host).ToGrainKey());
        await detector.RetrainAsync();
        return await detector.GetStatusAsync();
    }

    // Body: {"hostnames": ["a", "b"], "target_collection": "..."}; the target is needed for a new source only.
    private static async Task<IResult> AddHostsAsync(string collection, HttpRequest request, [FromServices] IGrainFactory grains)
    {
        List<string> hostnames;
        string? target;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LadRequestException("body: must be a JSON object");
            }

            RequestFields.OnlyKnown(root, ["hostnames", "target_collection"]);

            if (!root.TryGetProperty("hostnames", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0)
            {
                throw new LadRequestException("hostnames: must be a non-empty array of host names");
            }

            hostnames = [.. names.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(n.GetString())
                ? n.GetString()!.Trim()
                : throw new LadRequestException($"hostnames: {n.GetRawText()} is not a host name"))];
            target = root.TryGetProperty("target_collection", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException e)
        {
            return ApiResponses.BadRequest($"malformed JSON: {e.Message}");
        }
        catch (LadRequestException e)
        {
            return ApiResponses.BadRequest(e.Message);
        }

        return await AnswerAsync(() => SourceRegistry.Get(grains).AddAsync(collection, hostnames, target));
    }

    private static Task<IResult> AnswerAsync<T>(Func<Task<T>> call) => ApiResponses.JsonAsync(call, Json);

    private static DateTime Time(string name, string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new LadRequestException($"{name}: '{text}' is not a time (2026-11-24T10:00:00Z)");

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new LadRequestException($"{name}: '{text}' is not a whole number");
}

using System.Text.Json;
using Lad.Grains.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Lad.Silo.Web;

/// <summary>
/// The API's answers: a grain call's result as JSON, and its one refusal body, <c>{"error": "..."}</c>. A bad request,
/// a missing or weak token, a rate limit and a failed database all answer with that body, so a client (the console,
/// a script) reads every refusal the same way.
/// </summary>
internal static class ApiResponses
{
    /// <summary>The refusal body for <paramref name="reason"/>.</summary>
    /// <param name="reason">What was refused and why, naming the field or setting at fault.</param>
    public static Dictionary<string, string> ErrorBody(string reason) => new(StringComparer.Ordinal) { ["error"] = reason };

    /// <summary>A refusal with <paramref name="status"/> and the reason as the body.</summary>
    /// <param name="reason">What was refused and why.</param>
    /// <param name="status">The HTTP status.</param>
    public static IResult Error(string reason, int status) => Results.Json(ErrorBody(reason), statusCode: status);

    /// <summary>A <c>400</c> refusal with the reason as the body.</summary>
    /// <param name="reason">What was wrong with the request.</param>
    public static IResult BadRequest(string reason) => Error(reason, StatusCodes.Status400BadRequest);

    /// <summary>Writes the refusal body to a response whose status is already set (middleware and handlers that answer
    /// outside an endpoint).</summary>
    /// <param name="response">The response.</param>
    /// <param name="reason">What was refused and why.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public static Task WriteErrorAsync(HttpResponse response, string reason, CancellationToken cancellationToken) =>
        response.WriteAsJsonAsync(ErrorBody(reason), cancellationToken);

    /// <summary>The result of <paramref name="call"/> as JSON, or a <c>400</c> naming what was wrong when the request
    /// was refused (<see cref="LadRequestException"/>, thrown by the endpoint's own parsing or by the grain).</summary>
    /// <param name="call">The grain call.</param>
    /// <param name="json">How the endpoint's results are written.</param>
    public static async Task<IResult> JsonAsync<T>(Func<Task<T>> call, JsonSerializerOptions json)
    {
        try
        {
            return Results.Json(await call(), json);
        }
        catch (LadRequestException e)
        {
            return BadRequest(e.Message);
        }
    }
}

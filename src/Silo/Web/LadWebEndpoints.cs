using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>Every HTTP endpoint group of the silo; a new group (e.g. metrics) adds one line here.</summary>
internal static class LadWebEndpoints
{
    public static IEndpointRouteBuilder MapLadEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthEndpoints().MapFeedbackEndpoints().MapIncidentEndpoints().MapConsoleApiEndpoints()
            .MapMetricsEndpoints().MapLadOpenApi();
}

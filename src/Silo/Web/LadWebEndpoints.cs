using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>Every HTTP endpoint group of the silo; a new group (e.g. metrics) adds one line here.</summary>
internal static class LadWebEndpoints
{
    public static IEndpointRouteBuilder MapLadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("").RefusingUnknownQueryParameters().MapFeedbackEndpoints().MapIncidentEndpoints().MapConsoleApiEndpoints();
        return endpoints.MapHealthEndpoints().MapMetricsEndpoints().MapLadOpenApi();
    }
}

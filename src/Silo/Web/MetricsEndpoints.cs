using Lad.Grains.Abstractions.Security;
using Lad.Grains.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Silo.Web;

/// <summary><c>GET /metrics</c>: this silo's detection metrics for Prometheus to scrape; with <c>METRICS_AUTH</c> it
/// needs a read token.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // [FromServices] keeps the endpoint group mappable in a web app hosted without the daemon (tests of other groups).
        var route = endpoints.MapGet("/metrics", ([FromServices] LadMetrics metrics) => Results.Text(PrometheusText.Write(metrics), PrometheusText.ContentType))
            .WithSummary("Prometheus metrics.");
        if (endpoints.ServiceProvider.GetRequiredService<WebSecuritySettings>().MetricsAuth)
        {
            route.RequireAuthorization(WebRoles.Name(LadRole.Read));
        }

        return endpoints;
    }
}

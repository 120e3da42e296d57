using Lad.Grains.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary><c>GET /metrics</c>: this silo's detection metrics for Prometheus to scrape.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // [FromServices] keeps the endpoint group mappable in a web app hosted without the daemon (tests of other groups).
        endpoints.MapGet("/metrics", ([FromServices] LadMetrics metrics) => Results.Text(PrometheusText.Write(metrics), PrometheusText.ContentType));
        return endpoints;
    }
}

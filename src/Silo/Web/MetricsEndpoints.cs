using Lad.Grains.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary><c>GET /metrics</c>: this silo's detection metrics for Prometheus to scrape.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (LadMetrics metrics) => Results.Text(PrometheusText.Write(metrics), PrometheusText.ContentType));
        return endpoints;
    }
}

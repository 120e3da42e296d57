using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lad.Silo.Web;

/// <summary><c>GET /healthz</c> (the process answers) and <c>GET /readyz</c> (the silo has started).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (IServiceProvider services) =>
        {
            // ApplicationStarted fires only once every hosted service, the Orleans silo included, has started.
            var started = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested;
            return started ? Results.Text("ready") : Results.Text("silo starting", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}

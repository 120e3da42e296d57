using Lad.Grains.Detection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lad.Silo.Web;

/// <summary><c>GET /healthz</c> (liveness: the process serves) and <c>GET /readyz</c> (readiness: the silo has started,
/// MongoDB answers and the host detectors were started).</summary>
/// <remarks>Liveness stays independent of MongoDB on purpose: a probe that restarts the process cannot bring MongoDB
/// back, and restarting every silo during an outage only adds retraining and lost context to it.</remarks>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"))
            .WithSummary("Liveness: 200 ok while the process serves HTTP, whatever MongoDB's state.");
        endpoints.MapGet("/readyz", async (IServiceProvider services, CancellationToken cancellationToken) =>
        {
            // ApplicationStarted fires only once every hosted service, the Orleans silo included, has started.
            if (!services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
            {
                return NotReady("silo starting");
            }

            // Absent only where the web endpoints are hosted without the daemon (tests of other endpoint groups).
            var problem = services.GetService<DaemonReadiness>() is { } readiness ? await readiness.ProblemAsync(cancellationToken) : null;
            return problem is null ? Results.Text("ready") : NotReady(problem);
        }).WithSummary("Readiness: 200 ready once the silo started, MongoDB answers and the host detectors were started; else 503 with the reason.");
        return endpoints;
    }

    private static IResult NotReady(string reason) => Results.Text(reason, statusCode: StatusCodes.Status503ServiceUnavailable);
}

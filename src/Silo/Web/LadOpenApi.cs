using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Lad.Silo.Web;

/// <summary>The OpenAPI description of the silo's HTTP API, generated from the mapped endpoints and served at
/// <see cref="Path"/> to anyone (it holds no data, only the shape of the API).</summary>
internal static class LadOpenApi
{
    /// <summary>Where the description is served.</summary>
    public const string Path = "/openapi/v1.json";

    /// <summary>Registers the document generator.</summary>
    public static IServiceCollection AddLadOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LAD silo HTTP API",
                Version = "v1",
                Description = "Feedback, incidents, metrics and probes of a LAD silo. Control requests take an API token as " +
                              "'Authorization: Bearer <token>'; errors are {\"error\": \"<field>: <reason>\"}.",
            };
            return Task.CompletedTask;
        }));

    /// <summary>Serves the description.</summary>
    public static IEndpointRouteBuilder MapLadOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path).AllowAnonymous();
        return endpoints;
    }
}

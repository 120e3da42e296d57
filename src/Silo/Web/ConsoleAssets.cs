using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace Lad.Silo.Web;

/// <summary>The operator console: static HTML, CSS and JavaScript modules embedded in lad-silo and served under
/// <c>/console/</c> with no token (they hold no data; every figure they show comes from the API, which asks for one).</summary>
internal static class ConsoleAssets
{
    /// <summary>Where the console is served.</summary>
    public const string Path = "/console";

    /// <summary>Serves the embedded files under <see cref="Path"/> (the folder's <c>index.html</c> for <c>/console/</c>)
    /// and sends <c>/</c> and <c>/console</c> there.</summary>
    public static WebApplication UseLadConsole(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(ConsoleAssets).Assembly, "Lad.Silo.Web.wwwroot");

        // Not an endpoint: routing takes /console and /console/ for the same route, and a request with an endpoint is
        // never served as a file.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect(Path + "/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context =>
            {
                // The console loads nothing from elsewhere and runs no inline script, so an injected line of a log can
                // never run as code in an operator's browser.
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
            },
        });
        // The page, not the API: left out of the OpenAPI description.
        app.MapGet("/", () => Results.Redirect(Path + "/")).ExcludeFromDescription();
        return app;
    }
}

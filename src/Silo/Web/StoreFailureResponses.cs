using Lad.Grains.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lad.Silo.Web;

/// <summary>Answers a request whose grain call failed on the silo's database (<see cref="LadStoreException"/>) with
/// <c>503</c> and the reason as <c>{"error": ...}</c>, as every other refusal is answered, instead of an empty 500: the
/// request was fine and may succeed once the database is back.</summary>
internal static class StoreFailureResponses
{
    /// <summary>Adds the middleware; it must come before the endpoints.</summary>
    public static WebApplication UseStoreFailureResponses(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (LadStoreException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await ApiResponses.WriteErrorAsync(context.Response, e.Message, context.RequestAborted);
            }
        });
        return app;
    }
}

using System.Net;
using System.Threading.RateLimiting;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Silo.Web;

/// <summary>The silo's web server: where Kestrel listens (and with which certificate), who may call what, and how
/// often one token may give feedback.</summary>
internal static class LadWebHost
{
    /// <summary>The rate limiter policy of the feedback endpoints.</summary>
    public const string FeedbackRatePolicy = "feedback";

    /// <summary>Listens on <c>HTTP_PORT</c> on all interfaces, with TLS when <c>HTTP_TLS_CERT</c> is set, and adds token
    /// authentication (control requests from loopback only when no tokens are configured), the role policies and the
    /// feedback rate limit.</summary>
    /// <exception cref="LadConfigException">The TLS certificate cannot be loaded.</exception>
    public static void AddLadWeb(this WebApplicationBuilder web, LadConfig config, ApiTokenSet tokens)
    {
        var certificate = HttpTls.Load(config);
        web.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Any, config.HttpPort, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        web.Services.AddLadWebServices(config, tokens);
    }

    /// <summary>Token authentication, the role policies, the per-token feedback rate limit and the OpenAPI description,
    /// without Kestrel's addresses (tests host the endpoints on a port of their own).</summary>
    public static IServiceCollection AddLadWebServices(this IServiceCollection services, LadConfig config, ApiTokenSet tokens)
    {
        services.AddLadOpenApi();
        services.AddSingleton(tokens);
        services.AddSingleton(new WebSecuritySettings(config.MetricsAuth));
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(WebRoles.AddPolicies);
        services.AddRateLimiter(limiter =>
        {
            // One window per token name: a flood from one token is throttled, other tokens and detection are not.
            limiter.AddPolicy(FeedbackRatePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? TokenAuthenticationHandler.Anonymous,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.FeedbackRateLimit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, cancellationToken) => new ValueTask(ApiResponses.WriteErrorAsync(
                rejected.HttpContext.Response,
                $"rate: token '{rejected.HttpContext.User.Identity?.Name}' gave more than {config.FeedbackRateLimit} feedback requests this minute (FEEDBACK_RATE_LIMIT)",
                cancellationToken));
        });
        return services;
    }

    /// <summary>Serves the operator console, adds the authentication, authorization and rate limiting middleware, answers
    /// database failures with 503, and maps every endpoint.</summary>
    public static WebApplication UseLadWeb(this WebApplication app)
    {
        app.UseLadConsole();
        app.UseStoreFailureResponses();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapLadEndpoints();
        return app;
    }
}

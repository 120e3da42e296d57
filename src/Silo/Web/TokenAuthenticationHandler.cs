using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Silo.Web;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against <c>AUTH_TOKENS_FILE</c>; the principal's name is
/// the token's name and its role claim the token's role. With no tokens configured a request from loopback is the
/// anonymous admin and any other is refused.</summary>
/// <remarks>401 and 403 answer with the API's <c>{"error": "..."}</c> body, 401 with <c>WWW-Authenticate: Bearer</c>.</remarks>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenSet tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Bearer";

    /// <summary>Who an open API (no tokens configured) says made a request.</summary>
    public const string Anonymous = "anonymous";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (tokens.IsOpen)
        {
            // Without tokens only the machine itself may use the control endpoints; probes and metrics stay reachable.
            return Task.FromResult(Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? Success(Anonymous, LadRole.Admin)
                : AuthenticateResult.Fail("this silo has no AUTH_TOKENS_FILE, so it takes control requests from its own machine (loopback) only"));
        }

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not 'Bearer <token>'"));
        }

        return Task.FromResult(tokens.Find(header[Prefix.Length..].Trim()) is { } token
            ? Success(token.Name, token.Role)
            : AuthenticateResult.Fail("unknown token"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await WriteErrorAsync(result.Failure?.Message ?? "no token; send 'Authorization: Bearer <token>'");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy ?? "a higher role";
        await WriteErrorAsync($"token '{Context.User.Identity?.Name}' has role {Context.User.FindFirstValue(ClaimTypes.Role)}; this needs {needed}");
    }

    private Task WriteErrorAsync(string reason) =>
        ApiResponses.WriteErrorAsync(Response, CallerToken.RefusalPrefix + reason, Context.RequestAborted);

    private AuthenticateResult Success(string name, LadRole role)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, WebRoles.Name(role))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

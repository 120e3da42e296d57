using System.Security.Claims;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Security;
using Microsoft.AspNetCore.Authorization;

namespace Lad.Silo.Web;

/// <summary>The HTTP API's authorization policies, one per role and named like it: a policy admits its role and every
/// higher one.</summary>
internal static class WebRoles
{
    /// <summary>The policy (and role claim) names: <c>read</c>, <c>feedback</c>, <c>admin</c>.</summary>
    public static string Name(LadRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Adds the three policies.</summary>
    public static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<LadRole>())
        {
            options.AddPolicy(Name(role), policy => policy
                .AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => RoleOf(context.User) >= role));
        }
    }

    private static LadRole? RoleOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Role) is { } text && TokenFile.TryRole(text, out var role) ? role : null;
}

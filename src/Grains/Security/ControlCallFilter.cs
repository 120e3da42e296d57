using System.Reflection;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Security;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Security;

/// <summary>Lets a call into LAD's grains through only when a silo made it or the client presented a token whose role
/// the method requires (<see cref="RequiresRoleAttribute"/>; admin when the method names none).</summary>
/// <remarks>Silos are recognised by <see cref="ApiTokenSet.SiloProof"/>, which <see cref="SiloCallStamp"/> puts on every
/// call a silo makes (its starter, its HTTP API, grain to grain): an Orleans client chooses its own id and request
/// context, so neither tells a silo from a client by itself.</remarks>
internal sealed partial class ControlCallFilter(ApiTokenSet tokens, ILogger<ControlCallFilter> log) : IIncomingGrainCallFilter
{
    private static readonly Assembly LadInterfaces = typeof(LadRole).Assembly;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method?.DeclaringType?.Assembly != LadInterfaces || FromSilo())
        {
            return context.Invoke();
        }

        // Whatever the client put under the name key is replaced: only the filter says who a client is.
        RequestContext.Remove(CallIdentity.ClientNameKey);
        if (tokens.IsOpen)
        {
            RequestContext.Set(CallIdentity.ClientNameKey, CallIdentity.Anonymous);
            return context.Invoke();
        }

        var needed = method.GetCustomAttribute<RequiresRoleAttribute>()?.Role ?? LadRole.Admin;
        var call = $"{method.DeclaringType.Name}.{method.Name}";
        var presented = RequestContext.Get(CallerToken.RequestContextKey) as string;
        var token = tokens.Find(presented);
        if (token is null)
        {
            LogRefused(log, call, presented is null ? "no token" : "an unknown token");
            throw new LadRequestException(CallerToken.RefusalPrefix + (presented is null
                ? "no token; give --token, LAD_TOKEN or --token-file (AUTH_TOKENS_FILE is set on the silo)"
                : "unknown token"));
        }

        if (token.Role < needed)
        {
            LogRefused(log, call, $"token '{token.Name}' ({Name(token.Role)})");
            throw new LadRequestException(
                $"{CallerToken.RefusalPrefix}token '{token.Name}' has role {Name(token.Role)}; this needs {Name(needed)}");
        }

        RequestContext.Set(CallIdentity.ClientNameKey, token.Name);
        return context.Invoke();
    }

    /// <summary>The role's name as the token file writes it.</summary>
    public static string Name(LadRole role) => role.ToString().ToLowerInvariant();

    private bool FromSilo()
    {
        if (RequestContext.Get(CallIdentity.SiloProofKey) is not string proof)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(proof, bytes, out var length) && tokens.IsSiloProof(bytes[..length]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a client's call to {Call}: {Who}")]
    private static partial void LogRefused(ILogger logger, string call, string who);
}

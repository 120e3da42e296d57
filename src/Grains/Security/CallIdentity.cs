namespace Lad.Grains.Security;

/// <summary>The silo-side <c>RequestContext</c> keys of the control plane (the client's is
/// <see cref="Lad.Grains.Abstractions.Security.CallerToken"/>).</summary>
internal static class CallIdentity
{
    /// <summary>Set by silos on their own calls: <see cref="ApiTokenSet.SiloProof"/> as base64.</summary>
    public const string SiloProofKey = "lad-silo-proof";

    /// <summary>Set by <see cref="ControlCallFilter"/> on every call from a client: the name of the token it presented,
    /// so grains can record who asked without trusting anything the client said about itself.</summary>
    public const string ClientNameKey = "lad-client";

    /// <summary>The name recorded for a client call when no tokens are configured.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The token name of the client whose call this grain is serving, or null when the silo itself called.</summary>
    public static string? ClientName => RequestContext.Get(ClientNameKey) as string;
}

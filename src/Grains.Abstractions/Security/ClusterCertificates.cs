using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Abstractions.Security;

/// <summary>Mutual TLS for Orleans connections (silo to silo, client to gateway): this node's certificate and the
/// certificate authority every peer's certificate must chain to.</summary>
public sealed class ClusterCertificates
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterCertificates(X509Certificate2 local, X509Certificate2Collection authorities)
    {
        Local = local;
        _authorities = authorities;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Local { get; }

    /// <summary>Loads <c>ORLEANS_TLS_CERT</c> (PEM with <c>ORLEANS_TLS_KEY</c> or the key inside, or a password-less PFX)
    /// and <c>ORLEANS_TLS_CA</c> (PEM, one or more certificates); null when neither is set.</summary>
    /// <exception cref="LadConfigException">Only one of them is set, or a file cannot be loaded.</exception>
    public static ClusterCertificates? Load(string? certificatePath, string? keyPath, string? authorityPath)
    {
        if (certificatePath is null && authorityPath is null)
        {
            return null;
        }

        if (certificatePath is null || authorityPath is null)
        {
            throw Problem("ORLEANS_TLS_CERT", "ORLEANS_TLS_CERT and ORLEANS_TLS_CA go together: a node needs its own certificate and the authority its peers' chain to");
        }

        var local = CertificateFiles.LoadWithKey(certificatePath, keyPath, "ORLEANS_TLS_CERT");
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(authorityPath);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw Problem("ORLEANS_TLS_CA", $"cannot load {authorityPath}: {e.Message}");
        }

        return authorities.Count == 0
            ? throw Problem("ORLEANS_TLS_CA", $"{authorityPath} holds no PEM certificate")
            : new ClusterCertificates(local, authorities);
    }

    /// <summary>Whether <paramref name="remote"/> chains to the configured authority (and to no other root).</summary>
    public bool Accepts(X509Certificate2? remote)
    {
        if (remote is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }

    private static LadConfigException Problem(string key, string message) => new(key, [new ConfigError(key, message)]);
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Abstractions.Security;

/// <summary>The certificate authority of <c>MG_CA_CERT</c>: the MongoDB server's certificate must chain to it (and to no
/// other root) when <c>MG_VERIFY_CERTS</c> is on. The .NET driver takes no CA file, so it checks through this.</summary>
public sealed class MongoTlsAuthority
{
    private readonly X509Certificate2Collection _authorities;

    private MongoTlsAuthority(X509Certificate2Collection authorities) => _authorities = authorities;

    /// <summary>Loads the PEM file (one or more certificates).</summary>
    /// <param name="path">The file.</param>
    /// <param name="setting">The key named in errors (<c>MG_CA_CERT</c> or the fork's <c>MG_CACERT_DIR</c>).</param>
    /// <exception cref="LadConfigException">The file is missing, unreadable or holds no PEM certificate.</exception>
    public static MongoTlsAuthority Load(string path, string setting = "MG_CA_CERT")
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new LadConfigException(setting, [new ConfigError(setting, $"cannot load the CA certificate file {path}: {e.Message}")]);
        }

        return authorities.Count == 0
            ? throw new LadConfigException(setting, [new ConfigError(setting, $"{path} holds no PEM certificate")])
            : new MongoTlsAuthority(authorities);
    }

    /// <summary>A TLS validation callback: the name must match and the chain must end at the configured authority.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
                                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}

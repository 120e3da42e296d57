using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;

namespace Lad.Silo.Web;

/// <summary>Loads the HTTP endpoint's certificate: <c>HTTP_TLS_CERT</c> as PEM (key in <c>HTTP_TLS_KEY</c> or in the
/// same file) or as a password-less PFX/PKCS#12 file.</summary>
internal static class HttpTls
{
    /// <summary>The certificate with its private key, or null when <c>HTTP_TLS_CERT</c> is unset.</summary>
    /// <exception cref="LadConfigException">The file cannot be read, is neither PEM nor PFX, or has no private key.</exception>
    public static X509Certificate2? Load(LadConfig config) =>
        config.HttpTlsCertificate is { } path ? CertificateFiles.LoadWithKey(path, config.HttpTlsKey, "HTTP_TLS_CERT") : null;
}

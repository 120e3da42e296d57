using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Silo.Web;

/// <summary>Loads the HTTP endpoint's certificate: <c>HTTP_TLS_CERT</c> as PEM (key in <c>HTTP_TLS_KEY</c> or in the
/// same file) or as a password-less PFX/PKCS#12 file.</summary>
internal static class HttpTls
{
    /// <summary>The certificate with its private key, or null when <c>HTTP_TLS_CERT</c> is unset.</summary>
    /// <exception cref="LadConfigException">The file cannot be read, is neither PEM nor PFX, or has no private key.</exception>
    public static X509Certificate2? Load(LadConfig config)
    {
        if (config.HttpTlsCertificate is not { } certificatePath)
        {
            return null;
        }

        try
        {
            var certificate = IsPem(certificatePath)
                ? X509Certificate2.CreateFromPemFile(certificatePath, config.HttpTlsKey)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
            if (!certificate.HasPrivateKey)
            {
                throw Problem($"{certificatePath} holds no private key; give it in the file or in HTTP_TLS_KEY");
            }

            // A PEM key is ephemeral; on Windows SslStream needs it exported once into a PKCS#12 to use it.
            return OperatingSystem.IsWindows() ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null) : certificate;
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw Problem($"cannot load {certificatePath}{(config.HttpTlsKey is { } key ? $" with key {key}" : "")}: {e.Message}");
        }
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var head = new char[256];
        var read = reader.Read(head, 0, head.Length);
        return new string(head, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }

    private static LadConfigException Problem(string message) => new("HTTP_TLS_CERT", [new ConfigError("HTTP_TLS_CERT", message)]);
}

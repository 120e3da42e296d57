using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Abstractions.Security;

/// <summary>Loads a certificate with its private key from a PEM file (key beside it or inside it) or a password-less
/// PFX/PKCS#12 file.</summary>
public static class CertificateFiles
{
    /// <summary>The certificate at <paramref name="certificatePath"/> with its key.</summary>
    /// <param name="certificatePath">PEM or PFX.</param>
    /// <param name="keyPath">The PEM key; null when the key is in the certificate file.</param>
    /// <param name="setting">The setting named in errors.</param>
    /// <exception cref="LadConfigException">The file cannot be read, is neither PEM nor PFX, or has no private key.</exception>
    public static X509Certificate2 LoadWithKey(string certificatePath, string? keyPath, string setting)
    {
        try
        {
            var certificate = IsPem(certificatePath)
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
            if (!certificate.HasPrivateKey)
            {
                throw new LadConfigException(setting, [new ConfigError(setting, $"{certificatePath} holds no private key; give it in the file or beside it")]);
            }

            // A PEM key is ephemeral; on Windows SslStream needs it exported once into a PKCS#12 to use it.
            return OperatingSystem.IsWindows() ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null) : certificate;
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LadConfigException(setting, [new ConfigError(
                setting, $"cannot load {certificatePath}{(keyPath is not null ? $" with key {keyPath}" : "")}: {e.Message}")]);
        }
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var head = new char[256];
        var read = reader.Read(head, 0, head.Length);
        return new string(head, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lad.Integration.Tests.Security;

/// <summary>A throw-away certificate authority and the PEM files of a certificate it signs, for mutual TLS tests.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lad-mtls-");

    public TestCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=lad test authority", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Authority = Write("ca.crt", authority.ExportCertificatePem());

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=lad-silo", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        Certificate = Write("node.crt", signed.ExportCertificatePem());
        Key = Write("node.key", key.ExportPkcs8PrivateKeyPem());
    }

    public string Authority { get; }

    public string Certificate { get; }

    public string Key { get; }

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, pem);
        return path;
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Mongo;
using Lad.Integration.Tests.Security;

namespace Lad.Integration.Tests.Configuration;

/// <summary>MG_CA_CERT: the MongoDB server's certificate must chain to the configured authority when verified.</summary>
public sealed class MongoTlsAuthorityTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void AcceptsACertificateTheAuthoritySignedAndRefusesOthers()
    {
        using var other = new TestCertificates();
        var authority = MongoTlsAuthority.Load(_certificates.Authority);
        using var ours = PublicCertificate(_certificates.Certificate);
        using var theirs = PublicCertificate(other.Certificate);

        // The system does not know the test authority, so the platform reports a chain error for both.
        Assert.True(authority.Validate(this, ours, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(authority.Validate(this, theirs, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(authority.Validate(this, ours, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(authority.Validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void AFileWithoutACertificateIsAnErrorNamingTheKeyAndPath()
    {
        var notPem = Path.Combine(Path.GetTempPath(), $"lad-ca-{Guid.NewGuid():N}.crt");
        File.WriteAllText(notPem, "not a certificate");
        try
        {
            var error = Assert.Single(Assert.Throws<LadConfigException>(() => MongoTlsAuthority.Load(notPem, "MG_CACERT_DIR")).Errors);

            Assert.Equal($"MG_CACERT_DIR: {notPem} holds no PEM certificate", error.ToString());
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Fact]
    public void TheDriverChecksTheServerAgainstTheAuthorityOnlyWhenVerifying()
    {
        using var clients = new MongoClients();
        var verified = clients.For("mongodb://db:27017/?tls=true", _certificates.Authority);
        var insecure = clients.For("mongodb://db:27017/?tls=true&tlsInsecure=true", _certificates.Authority);
        var plain = clients.For("mongodb://db:27017/", null);

        Assert.NotNull(verified.Settings.SslSettings?.ServerCertificateValidationCallback);
        Assert.Null(insecure.Settings.SslSettings?.ServerCertificateValidationCallback);
        Assert.False(plain.Settings.UseTls);
    }

    private static X509Certificate2 PublicCertificate(string pemFile)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(pemFile);
        return Assert.Single(certificates);
    }
}

using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Security;

/// <summary>lad-silo's Kestrel set-up: TLS from HTTP_TLS_CERT (PEM with key, or PFX), a refused certificate without a
/// key, and the address it listens on with and without tokens.</summary>
public class HttpTlsTests
{
    [Fact]
    public async Task ThePemCertificateServesHttpsOnLoopbackWhenNoTokensAreConfigured()
    {
        using var certificate = SelfSigned();
        var directory = Directory.CreateTempSubdirectory("lad-tls-");
        try
        {
            var (cert, key) = (Path.Combine(directory.FullName, "http.crt"), Path.Combine(directory.FullName, "http.key"));
            await File.WriteAllTextAsync(cert, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(key, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
            var port = SiloProcess.FreePort();
            var (addresses, body) = await ServeAsync($"HTTP_PORT: {port}\nHTTP_TLS_CERT: \"{cert}\"\nHTTP_TLS_KEY: \"{key}\"", ApiTokenSet.Open, certificate, port);

            Assert.Equal([$"https://127.0.0.1:{port}"], addresses);
            Assert.Equal("ok", body);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task APfxCertificateServesHttpsOnEveryInterfaceWithTokensAndAKeylessCertificateIsRefused()
    {
        using var certificate = SelfSigned();
        var directory = Directory.CreateTempSubdirectory("lad-tls-");
        try
        {
            var pfx = Path.Combine(directory.FullName, "http.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12), TestContext.Current.CancellationToken);
            var port = SiloProcess.FreePort();
            var (addresses, body) = await ServeAsync($"HTTP_PORT: {port}\nHTTP_TLS_CERT: \"{pfx}\"", TokenFile.Parse(TestTokens.Text, "test"), certificate, port);
            Assert.Equal([$"https://0.0.0.0:{port}"], addresses);
            Assert.Equal("ok", body);

            var keyless = Path.Combine(directory.FullName, "keyless.crt");
            await File.WriteAllTextAsync(keyless, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            var e = Assert.Throws<LadConfigException>(() => HttpTls.Load(Config($"HTTP_TLS_CERT: \"{keyless}\"")));
            Assert.Contains("HTTP_TLS_CERT: cannot load", e.Message);
            Assert.Contains("HTTP_TLS_KEY: is set but HTTP_TLS_CERT is not", Assert.Throws<LadConfigException>(() => Config("HTTP_TLS_KEY: \"x.key\"")).Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static LadConfig Config(string lines) =>
        LadConfigLoader.Load(OneHost("mongodb://127.0.0.1:1", "in", "out") + "\n" + lines + "\n", new Dictionary<string, string>());

    // Serves lad-silo's web set-up and fetches /healthz over TLS, trusting exactly the test's certificate.
    private static async Task<(string[] Addresses, string Body)> ServeAsync(string lines, ApiTokenSet tokens, X509Certificate2 certificate, int port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddLadWeb(Config(lines), tokens);
        builder.Services.AddSingleton(new LadMetrics());
        await using var app = builder.Build();
        app.UseLadWeb();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var https = new HttpClient(handler);
        var body = await https.GetStringAsync($"https://127.0.0.1:{port}/healthz", TestContext.Current.CancellationToken);
        using var plain = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetStringAsync($"http://127.0.0.1:{port}/healthz", TestContext.Current.CancellationToken));
        await app.StopAsync(TestContext.Current.CancellationToken);
        return (addresses, body);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}

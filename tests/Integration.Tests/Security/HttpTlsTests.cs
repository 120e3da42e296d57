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
/// key, and, without tokens, control requests refused from any address but loopback.</summary>
public class HttpTlsTests
{
    [Fact]
    public async Task ThePemCertificateServesHttpsAndWithoutTokensControlRequestsAreTakenFromLoopbackOnly()
    {
        using var certificate = SelfSigned();
        var directory = Directory.CreateTempSubdirectory("lad-tls-");
        try
        {
            var (cert, key) = (Path.Combine(directory.FullName, "http.crt"), Path.Combine(directory.FullName, "http.key"));
            await File.WriteAllTextAsync(cert, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(key, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
            var port = SiloProcess.FreePort();
            var (addresses, body, remote) = await ServeAsync($"HTTP_PORT: {port}\nHTTP_TLS_CERT: \"{cert}\"\nHTTP_TLS_KEY: \"{key}\"", ApiTokenSet.Open, certificate, port);

            Assert.Equal([$"https://0.0.0.0:{port}"], addresses);
            Assert.Equal("ok", body);
            Assert.SkipWhen(remote is null, "this machine has no address but loopback to call from");
            Assert.Equal(
                (HttpStatusCode.Unauthorized, "{\"error\":\"auth: this silo has no AUTH_TOKENS_FILE, so it takes control requests from its own machine (loopback) only\"}"),
                remote);
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
            var (addresses, body, remote) = await ServeAsync($"HTTP_PORT: {port}\nHTTP_TLS_CERT: \"{pfx}\"", TokenFile.Parse(TestTokens.Text, "test"), certificate, port);
            Assert.Equal([$"https://0.0.0.0:{port}"], addresses);
            Assert.Equal("ok", body);
            Assert.True(remote is null || remote.Value.Status == HttpStatusCode.Unauthorized, $"{remote}");

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

    // Serves lad-silo's web set-up and fetches /healthz over TLS, trusting exactly the test's certificate, and
    // /api/false_positive from this machine's first address that is not loopback (null when it has none).
    private static async Task<(string[] Addresses, string Body, (HttpStatusCode Status, string Body)? Remote)> ServeAsync(string lines, ApiTokenSet tokens, X509Certificate2 certificate, int port)
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
        (HttpStatusCode, string)? remote = null;
        var external = (await Dns.GetHostAddressesAsync(Dns.GetHostName(), TestContext.Current.CancellationToken))
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (external is not null)
        {
            Assert.Equal("ok", await https.GetStringAsync($"https://{external}:{port}/healthz", TestContext.Current.CancellationToken));
            using var response = await https.GetAsync($"https://{external}:{port}/api/false_positive", TestContext.Current.CancellationToken);
            remote = (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        await app.StopAsync(TestContext.Current.CancellationToken);
        return (addresses, body, remote);
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

using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using Lad.Client.Commands;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Security;

/// <summary>The real <c>lad-silo</c> with AUTH_TOKENS_FILE, driven by the real <c>lad</c> command line (--token,
/// --token-file) and plain HTTP requests.</summary>
public class RealSiloAuthTests(MongoServerFixture server)
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task LadAndHttpNeedTokensOnARealSiloAndAWorldReadableTokenFileStopsItsStart()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("rauth_in"), MongoServerFixture.NewDatabaseName("rauth_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var tokens = TestTokens.WriteFile();
        var readerFile = Path.Combine(Path.GetTempPath(), $"lad-reader-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(readerFile, $"# the console's token\n{TestTokens.Reader}\n", TestContext.Current.CancellationToken);
        var config = Path.Combine(Path.GetTempPath(), $"lad-rauth-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            config,
            OneHost(server.ConnectionString, inputDb, targetDb) +
            $"\nSILO_PORT: {siloPort}\nGATEWAY_PORT: {gatewayPort}\nHTTP_PORT: {httpPort}\nAUTH_TOKENS_FILE: \"{tokens}\"\n",
            TestContext.Current.CancellationToken);
        try
        {
            using (var silo = SiloProcess.Start(config))
            {
                try
                {
                    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
                    await Eventually.WaitAsync(() => SiloProcess.IsReadyAsync(http), ready => ready, TimeSpan.FromSeconds(60), _ => "lad-silo /readyz not 200");

                    using (var anonymous = await http.GetAsync("/api/false_positive", TestContext.Current.CancellationToken))
                    {
                        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                    }

                    // The operator console is served by the real executable, without a token (it asks for one).
                    using (var console = await http.GetAsync("/", TestContext.Current.CancellationToken))
                    {
                        Assert.Equal((HttpStatusCode.OK, "/console/"), (console.StatusCode, console.RequestMessage!.RequestUri!.AbsolutePath));
                        Assert.Contains("<title>LAD console</title>", await console.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
                    }

                    using var read = new HttpRequestMessage(HttpMethod.Get, "/api/false_positive");
                    read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Reader);
                    using (var allowed = await http.SendAsync(read, TestContext.Current.CancellationToken))
                    {
                        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
                    }

                    var (code, output) = await LadAsync("hosts", "--config", config);
                    Assert.Equal((1, "lad hosts: auth: no token; give --token, LAD_TOKEN or --token-file (AUTH_TOKENS_FILE is set on the silo)"), (code, output.Trim()));

                    // The silo started its host by itself, with no token: the reader sees it detecting.
                    await Eventually.WaitAsync(
                        () => LadAsync("hosts", "--config", config, "--token-file", readerFile),
                        r => r.Code == 0 && r.Output.Contains("detecting", StringComparison.Ordinal),
                        ConsoleScenario.Wait,
                        r => $"exit {r.Code}: {r.Output}");

                    (code, output) = await LadAsync("retrain", Network, "cumulus", "--config", config, "--token", TestTokens.Reader);
                    Assert.Equal((1, "lad retrain: auth: token 'grafana' has role read; this needs admin"), (code, output.Trim()));
                    (code, output) = await LadAsync("retrain", Network, "cumulus", "--config", config, "--token", TestTokens.Admin);
                    Assert.True(code == 0, output);
                }
                finally
                {
                    silo.Kill(entireProcessTree: true);
                    await silo.WaitForExitAsync(CancellationToken.None);
                }
            }

            File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            using var refused = SiloProcess.Start(config);
            await refused.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2, refused.ExitCode); // the same configuration, refused only for the token file's mode
        }
        finally
        {
            File.Delete(config);
            File.Delete(tokens);
            File.Delete(readerFile);
        }
    }

    private static Task<(int Code, string Output)> LadAsync(params string[] args) =>
        LadCommandLine.RunAsync(new RootCommand { HostsCommand.Create(), RetrainCommand.Create() }, args);
}

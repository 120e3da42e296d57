using System.Net;
using System.Net.Http.Headers;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Integration.Tests.Security;

/// <summary>AUTH_TOKENS_FILE changed under a running silo: added tokens work, removed ones are refused, a bad file keeps
/// the tokens in use.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TokenRotationTests : IDisposable
{
    private const string Rotated = "rotated-token-0123456789";
    private readonly string _path = TestTokens.WriteFile();

    public void Dispose() => File.Delete(_path);

    // As an operator (or Kubernetes) replaces a file: written aside, owner-only, then renamed over it in one step.
    private void Rewrite(string text)
    {
        var aside = _path + ".new";
        File.WriteAllText(aside, text);
        File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(aside, _path, overwrite: true);
    }

    private static string WithoutFeedbackButRotated() => $"""
        read     grafana {TestTokens.Reader}
        admin    ops     {TestTokens.Admin}
        read     rotated {Rotated}
        """;

    [Fact]
    public void AChangedFileReplacesTheTokensAndABadOneKeepsThem()
    {
        var tokens = TokenFile.LoadFile(_path);
        var reload = new TokenFileReload(_path, tokens);
        Assert.Null(reload.Check());

        Rewrite(WithoutFeedbackButRotated());
        var loaded = reload.Check()!;
        Assert.Null(loaded.Problem);
        Assert.Equal(["grafana", "ops", "rotated"], loaded.Names);
        Assert.Equal("rotated", tokens.Find(Rotated)?.Name);
        Assert.Null(tokens.Find(TestTokens.Feedback));
        Assert.Null(reload.Check());

        // A token too short: refused once with the reason, and the tokens in use stay.
        Rewrite("admin ops short\n");
        var refused = reload.Check()!;
        Assert.Contains("line 1: token: the token of 'ops' is shorter than 16 characters", refused.Problem, StringComparison.Ordinal);
        Assert.Equal(["grafana", "ops", "rotated"], refused.Names);
        Assert.Null(reload.Check());
        Assert.Equal("rotated", tokens.Find(Rotated)?.Name);

        // Readable by others: refused too.
        Rewrite(TestTokens.Text);
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("readable or writable by other users", reload.Check()!.Problem, StringComparison.Ordinal);
        Assert.Null(tokens.Find(TestTokens.Feedback));
    }

    [Fact]
    public void AFileMountedFromAKubernetesSecretIsReadThroughItsLinksAndFollowsTheirSwap()
    {
        // A Secret volume holds tokens -> ..data/tokens, ..data -> a timestamped directory; an update swaps ..data. The
        // links themselves are mode 777: the file's own mode (0440 with the pod's fsGroup) is what counts.
        var mount = Directory.CreateTempSubdirectory("lad-secret-").FullName;
        try
        {
            void Version(string name, string text)
            {
                Directory.CreateDirectory(Path.Combine(mount, name));
                var file = Path.Combine(mount, name, "tokens");
                File.WriteAllText(file, text);
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead);
                var data = Path.Combine(mount, "..data");
                if (Path.Exists(data))
                {
                    File.Delete(data);
                }

                File.CreateSymbolicLink(data, name);
            }

            Version("..2026_12_02_10_00_00.1", TestTokens.Text);
            var path = Path.Combine(mount, "tokens");
            File.CreateSymbolicLink(path, Path.Combine("..data", "tokens"));
            var tokens = TokenFile.LoadFile(path);
            var reload = new TokenFileReload(path, tokens);
            Assert.Equal("oncall", tokens.Find(TestTokens.Feedback)?.Name);

            Version("..2026_12_02_10_05_00.2", WithoutFeedbackButRotated());
            Assert.Null(reload.Check()!.Problem);
            Assert.Equal("rotated", tokens.Find(Rotated)?.Name);
            Assert.Null(tokens.Find(TestTokens.Feedback));
        }
        finally
        {
            Directory.Delete(mount, recursive: true);
        }
    }

    [Fact]
    public void SilosStillKnowEachOtherWhileTheyReloadSecondsApart()
    {
        var tokens = TokenFile.LoadFile(_path);
        var first = tokens.SiloProof;
        var before = TokenFile.LoadFile(_path).SiloProof;
        Assert.Equal(first, before); // every silo reading the same file derives the same proof

        tokens.Replace(TokenFile.Parse(WithoutFeedbackButRotated(), "test").Tokens);
        Assert.NotEqual(first, tokens.SiloProof);
        Assert.True(tokens.IsSiloProof(tokens.SiloProof));
        Assert.True(tokens.IsSiloProof(first)); // a silo that has not re-read the file yet

        var second = tokens.SiloProof;
        tokens.Replace(TokenFile.Parse($"admin ops {TestTokens.Admin}\n", "test").Tokens);
        Assert.True(tokens.IsSiloProof(second));
        Assert.False(tokens.IsSiloProof(first)); // only the proof before the last change is still taken
        Assert.Throws<InvalidOperationException>(() => ApiTokenSet.Open.Replace(tokens.Tokens));
    }

    [Fact]
    public async Task TheHttpApiTakesAnAddedTokenAndRefusesARemovedOneWithoutARestart()
    {
        var token = TestContext.Current.CancellationToken;
        var yaml = DaemonYaml.OneHost("mongodb://127.0.0.1:1", "in", "out") + $"\nAUTH_TOKENS_FILE: \"{_path}\"\nMETRICS_AUTH: true\n";
        var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
        await using var web = await TestWebApi.StartAsync(config, TokenFile.Load(config), services => services
            .AddSingleton<IGrainFactory>(_ => throw new InvalidOperationException("no cluster in this test"))
            .AddSingleton<LadMetrics>()
            .AddTokenFileReload(config));
        var http = web.Http;

        async Task<HttpStatusCode> MetricsAs(string bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request, token);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await MetricsAs(TestTokens.Feedback));
        Assert.Equal(HttpStatusCode.Unauthorized, await MetricsAs(Rotated));

        Rewrite(WithoutFeedbackButRotated());
        await Eventually.WaitAsync(() => MetricsAs(Rotated), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), s => $"added token: {s}");
        Assert.Equal(HttpStatusCode.Unauthorized, await MetricsAs(TestTokens.Feedback));
        Assert.Equal(HttpStatusCode.OK, await MetricsAs(TestTokens.Reader));
    }
}

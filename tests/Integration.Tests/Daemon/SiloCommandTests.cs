using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Daemon;

public class SiloCommandTests
{
    [Fact]
    public async Task BadConfigIsRefusedWithExitCode2ListingEveryProblem()
    {
        var config = Path.Combine(Path.GetTempPath(), $"lad-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, """
            MG_PORT: "many"
            POLL_INTERVAL: 0
            PARALLELISM: 0
            LOG_SOURCES:
              "web_logs":
                HOSTNAMES: []
            """, TestContext.Current.CancellationToken);
        try
        {
            var (code, error) = await RunSiloAsync("--config", config);

            Assert.Equal(2, code);
            Assert.Contains("has 6 problem(s)", error);
            Assert.Contains("line 1: MG_PORT: expected a whole number, got 'many'", error);
            Assert.Contains("MG_INPUT_DB: is empty", error);
            Assert.Contains("MG_TARGET_DB: is empty", error);
            Assert.Contains("POLL_INTERVAL: must be between 1 and", error);
            Assert.Contains("PARALLELISM: must be between 1 and", error);
            Assert.Contains("LOG_SOURCES.web_logs.HOSTNAMES: list at least one host name", error);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task MissingConfigOptionPrintsUsageAndExitCode2()
    {
        var (code, error) = await RunSiloAsync();

        Assert.Equal(2, code);
        Assert.Contains("usage: lad-silo --config <file>", error);
    }

    [Fact]
    public async Task CheckConfigValidatesTheFilePrintsTheSettingsMaskedAndDoesNotStart()
    {
        var config = Path.Combine(Path.GetTempPath(), $"lad-check-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, """
            MG_USER: "dbadmin"
            MG_PASSWORD: "password123"
            MG_DB: "logstoredb"
            DATETIME_INDEX: "received_at"
            W2V_WORKERS: 3
            LOG_SOURCES:
              "web_logs":
                HOSTNAMES: ["dataform"]
            """, TestContext.Current.CancellationToken);
        try
        {
            var (code, output, _) = await RunSiloCapturingAsync(new Dictionary<string, string>(), "--config", config, "--check-config");
            await File.AppendAllTextAsync(config, "\nMODEL: lof\nLOF_METRIC: cosine\n", TestContext.Current.CancellationToken);
            var (badCode, badOutput, _) = await RunSiloCapturingAsync(new Dictionary<string, string>(), "--check-config", "--config", config);

            Assert.Equal(0, code);
            Assert.Contains($"{config}: ok", output);
            Assert.Contains("warning: W2V_WORKERS: accepted but not used by LAD", output);
            Assert.Contains("MG_PASSWORD: ***", output);
            Assert.Contains("MG_TIME_FIELD: received_at", output);
            Assert.DoesNotContain("password123", output);
            Assert.Equal(2, badCode);
            Assert.Contains("LOF_METRIC: must be one of euclidean (or l2, minkowski), manhattan (or cityblock, l1), chebyshev (or infinity), got \"cosine\"", badOutput);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task UnknownModelSettingIsRefused()
    {
        var config = Path.Combine(Path.GetTempPath(), $"lad-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, """
            MG_INPUT_DB: "logs"
            MG_TARGET_DB: "anomalies"
            SOMPY_INIT: "grid"
            LOG_SOURCES:
              "web_logs":
                HOSTNAMES: ["dataform"]
                MG_TARGET_COL: "web_anomaly"
            """, TestContext.Current.CancellationToken);
        try
        {
            var (code, error) = await RunSiloAsync("--config", config);

            Assert.Equal(2, code);
            Assert.Contains("SOMPY_INIT must be 'pca' or 'random', not 'grid'", error);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData(true, "", "HTTP_PORT: must differ from GATEWAY_PORT ({gateway})")]
    [InlineData(false, "POLL_INTERVAL: 5000000", "POLL_INTERVAL: must be at most 4294967 seconds")]
    [InlineData(false, "ALERTMANAGER_URL: \"http://127.0.0.1:9093\"\nALERTMANAGER_AUTH_FILE: /nonexistent/lad-am.auth", "ALERTMANAGER_AUTH_FILE: cannot read /nonexistent/lad-am.auth")]
    public async Task ValuesThatWouldFailLaterAreRefusedAtStartWithExitCode2(bool httpOnGateway, string line, string problem)
    {
        var (silo, gateway) = (SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = await WriteConfigAsync(Ports(silo, gateway, httpOnGateway ? gateway : SiloProcess.FreePort()) + line + "\n");
        try
        {
            var (code, error) = await RunSiloAsync("--config", config);

            Assert.Equal(2, code);
            Assert.Contains(problem.Replace("{gateway}", gateway.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task APortAnotherProcessListensOnIsNamedInOneLineWithExitCode2AndUnknownVariablesAreWarned()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var taken = ((IPEndPoint)other.LocalEndpoint).Port;
        var config = await WriteConfigAsync(Ports(SiloProcess.FreePort(), taken, SiloProcess.FreePort()));
        try
        {
            var (code, error) = await RunSiloAsync(new Dictionary<string, string> { ["LAD_MG_URL"] = "mongodb://elsewhere" }, "--config", config);

            Assert.Equal(2, code);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Equal($"Configuration {config}: warning: LAD_MG_URL: unknown variable, ignored (did you mean LAD_MG_URI?)", lines[0]);
            Assert.Equal($"Configuration {config}: GATEWAY_PORT: port {taken} is already in use (is another lad-silo running?)", lines[1]);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task ASecondSiloOnTheSamePortsIsRefusedWhileTheFirstRuns()
    {
        var (silo, gateway, http) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = await WriteConfigAsync(Ports(silo, gateway, http));
        using var first = SiloProcess.Start(config);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            // Live is enough: the web server starts after the silo has bound its ports (ready would need a MongoDB).
            await Eventually.WaitAsync(() => IsLiveAsync(client), live => live, TimeSpan.FromSeconds(60), _ => "first lad-silo /healthz not 200");

            var (code, error) = await RunSiloAsync("--config", config);

            Assert.Equal(2, code);
            Assert.Equal(
                $"Configuration {config}: SILO_PORT: port {silo} is already in use (is another lad-silo running?); "
                + $"GATEWAY_PORT: port {gateway} is already in use (is another lad-silo running?); "
                + $"HTTP_PORT: port {http} is already in use (is another lad-silo running?)",
                error.Trim());
            Assert.False(first.HasExited);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(CancellationToken.None);
            File.Delete(config);
        }
    }

    private static async Task<bool> IsLiveAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/healthz", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // Needs no MongoDB: every case here is refused before the silo would connect.
    private static string Ports(int silo, int gateway, int http) => $"""
        MG_INPUT_DB: "logs"
        MG_TARGET_DB: "anomalies"
        MG_URI: "mongodb://127.0.0.1:{SiloProcess.FreePort()}/?serverSelectionTimeoutMS=500"
        SILO_PORT: {silo}
        GATEWAY_PORT: {gateway}
        HTTP_PORT: {http}
        LOG_SOURCES:
          "web_logs":
            HOSTNAMES: ["dataform"]
            MG_TARGET_COL: "web_anomaly"

        """;

    private static async Task<string> WriteConfigAsync(string yaml)
    {
        var config = Path.Combine(Path.GetTempPath(), $"lad-ports-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, yaml, TestContext.Current.CancellationToken);
        return config;
    }

    private static Task<(int Code, string Error)> RunSiloAsync(params string[] args) => RunSiloAsync(new Dictionary<string, string>(), args);

    private static async Task<(int Code, string Error)> RunSiloAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var (code, _, error) = await RunSiloCapturingAsync(environment, args);
        return (code, error);
    }

    private static async Task<(int Code, string Output, string Error)> RunSiloCapturingAsync(
        IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var silo = SiloPath();
        var start = new ProcessStartInfo("dotnet", [silo, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("LAD_CONFIG");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    // The test runs from tests/Integration.Tests/bin/<configuration>/<tfm>/; the silo builds to the same layout.
    private static string SiloPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (output.Name, output.Parent!.Name);
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lad.sln")))
            {
                var path = Path.Combine(dir.FullName, "src", "Silo", "bin", configuration, tfm, "lad-silo.dll");
                Assert.True(File.Exists(path), $"lad-silo not built at {path}");
                return path;
            }
        }

        throw new InvalidOperationException($"no Lad.sln above {output.FullName}");
    }
}

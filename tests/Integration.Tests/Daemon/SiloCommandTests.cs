using System.Diagnostics;

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
            Assert.Contains("has 7 problem(s)", error);
            Assert.Contains("line 1: MG_PORT: expected a whole number, got 'many'", error);
            Assert.Contains("MG_INPUT_DB: is empty", error);
            Assert.Contains("MG_TARGET_DB: is empty", error);
            Assert.Contains("POLL_INTERVAL: must be between 1 and", error);
            Assert.Contains("PARALLELISM: must be between 1 and", error);
            Assert.Contains("LOG_SOURCES.web_logs.HOSTNAMES: list at least one host name", error);
            Assert.Contains("LOG_SOURCES.web_logs.MG_TARGET_COL: name the collection", error);
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

    private static async Task<(int Code, string Error)> RunSiloAsync(params string[] args)
    {
        var silo = SiloPath();
        var start = new ProcessStartInfo("dotnet", [silo, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("LAD_CONFIG");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
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

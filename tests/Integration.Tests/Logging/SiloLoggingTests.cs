using System.Text.RegularExpressions;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Logging;

public class SiloLoggingTests(MongoServerFixture server)
{
    [Fact]
    public void ConsoleLinesCarryATimestampOrUnderJournaldAPriority()
    {
        using var plain = Build([], _ => null);
        Assert.Equal(ConsoleFormatterNames.Simple, plain.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        var simple = plain.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.Equal((SiloLogging.TimestampFormat, true, true), (simple.TimestampFormat, simple.UseUtcTimestamp, simple.SingleLine));

        using var journald = Build([], name => name == SiloLogging.JournalStreamVariable ? "8:12345" : null);
        Assert.Equal(ConsoleFormatterNames.Systemd, journald.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Fact]
    public void LibraryChatterIsHiddenBelowWarningUnlessTheConfigurationAsksForIt()
    {
        using var host = Build([], _ => null);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        foreach (var category in SiloLogging.QuietCategories)
        {
            var logger = loggers.CreateLogger(category);
            Assert.False(logger.IsEnabled(LogLevel.Information), category);
            Assert.True(logger.IsEnabled(LogLevel.Warning), category);
        }

        Assert.True(loggers.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Lad.Grains.Detection.HostDetectorGrain").IsEnabled(LogLevel.Information));

        // The command line still wins over the silo's defaults.
        using var verbose = Build(["--Logging:LogLevel:Polly=Debug"], _ => null);
        Assert.True(verbose.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly").IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public async Task TheRealSiloStampsEveryLineAndKeepsStartAndConsoleChatterOut()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("log_in"), MongoServerFixture.NewDatabaseName("log_out"));
        await new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb)).InsertHistoryAsync(Network, "cumulus", 100);
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = Path.Combine(Path.GetTempPath(), $"lad-log-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            config,
            OneHost(server.ConnectionString, inputDb, targetDb) + $"\nSILO_PORT: {siloPort}\nGATEWAY_PORT: {gatewayPort}\nHTTP_PORT: {httpPort}\n",
            TestContext.Current.CancellationToken);
        var lines = new List<string>();
        using var silo = SiloProcess.Start(config, lines: line => { lock (lines) { lines.Add(line); } });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.WaitAsync(() => SiloProcess.IsReadyAsync(http), ready => ready, TimeSpan.FromSeconds(120), _ => "lad-silo /readyz not 200");
            var (code, _) = await Console.LadCommandLine.RunAsync(
                new System.CommandLine.RootCommand { Lad.Client.Commands.HostsCommand.Create() }, "hosts", "--config", config);
            Assert.Equal(0, code);
            await Eventually.WaitAsync(
                () => Task.FromResult(Snapshot(lines)), l => l.Any(x => x.Contains("trained on 100 lines", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(120), l => string.Join('\n', l));
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync(CancellationToken.None);
            File.Delete(config);
        }

        var logged = Snapshot(lines);
        var stamp = new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ");
        Assert.All(logged, line => Assert.Matches(stamp, line));
        Assert.Contains(logged, l => l.Contains("trained on 100 lines, threshold 0.", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => l.Contains("SiloOptionsLogger", StringComparison.Ordinal) || l.Contains("Polly", StringComparison.Ordinal)
                                           || l.Contains("Messaging.Connection", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"threshold 0\.\d{4,}", string.Join('\n', logged));
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static IHost Build(string[] args, Func<string, string?> environment)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSystemd();
        SiloLogging.Configure(builder, environment);
        return builder.Build();
    }
}

using System.Security.Cryptography;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Silo.Demo;

/// <summary><c>lad-silo --demo</c>: the real silo, its HTTP API and the console on <c>lad demo</c>'s synthetic log, with
/// nothing to install or configure. Without <c>LAD_MG_URI</c> it runs jongodb (in memory, from <c>node_modules</c>),
/// writes a token file of its own and prints the console's address and the tokens to sign in with.</summary>
/// <remarks>Every setting can still be changed as for any silo, by <c>LAD_&lt;KEY&gt;</c> variables (e.g.
/// <c>LAD_HTTP_PORT</c>, <c>LAD_SILO_PORT</c>); each run writes fresh databases, so a run never mixes with an earlier one.</remarks>
internal static class DemoSilo
{
    private const int BadUsage = 2;
    private static readonly TimeSpan TrainingWait = TimeSpan.FromMinutes(3);

    /// <summary>Runs the demo silo until it is stopped; returns the process exit code.</summary>
    /// <param name="args">The command line (without <c>--demo</c>).</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var environment = LadConfigLoader.ProcessEnvironment();
        JongodbServer? jongodb = null;
        var tokens = Path.Combine(Path.GetTempPath(), $"lad-demo-{Environment.ProcessId}-tokens");
        try
        {
            var uri = environment.GetValueOrDefault("LAD_MG_URI");
            if (string.IsNullOrWhiteSpace(uri))
            {
                var binary = JongodbServer.Find();
                if (binary is null)
                {
                    Console.Error.WriteLine(
                        $"lad-silo --demo: no MongoDB-speaking server: run `npm ci --no-audit --no-fund` in the repository root (it installs jongodb, an in-memory server, at {JongodbServer.RelativePath}), or set LAD_MG_URI to a MongoDB connection string");
                    return BadUsage;
                }

                jongodb = await JongodbServer.StartAsync(binary);
                uri = jongodb.ConnectionString;
            }

            var (admin, read) = (RandomNumberGenerator.GetHexString(48, lowercase: true), RandomNumberGenerator.GetHexString(48, lowercase: true));
            WriteTokens(tokens, admin, read);
            var log = DemoLog.Generate();
            var run = DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var (inputDb, targetDb) = ($"lad_demo_{run}_in", $"lad_demo_{run}");
            var config = LadConfigLoader.Load(Yaml(uri, inputDb, targetDb, tokens, log.Hosts, embedded: jongodb is not null), environment, "lad-silo --demo");
            if (PortsInUse.Check(config) is { } portProblem)
            {
                Console.Error.WriteLine($"lad-silo --demo: {portProblem}; set LAD_HTTP_PORT, LAD_SILO_PORT or LAD_GATEWAY_PORT to free ones");
                return BadUsage;
            }

            var input = new MongoClient(config.MongoUri).GetDatabase(config.InputDatabase).GetCollection<BsonDocument>(DemoLog.Collection);
            await log.WriteHistoryAsync(input, CancellationToken.None);
            // Each request of the console would otherwise be logged, burying the address and tokens printed below.
            using var host = DatabaseSilo.Build([.. args, "--Logging:LogLevel:Microsoft.AspNetCore=Warning"], config, TokenFile.Load(config));
            await host.StartAsync();
            Console.WriteLine($"""

                LAD demo: the console is at http://localhost:{config.HttpPort}/console/
                  sign in with the admin token  {admin}
                  or the read-only token        {read}
                  hosts {string.Join(", ", log.Hosts)} of source {DemoLog.Collection}: training on their history, then {log.ArrivingCount:N0} lines arrive
                  MongoDB {(jongodb is null ? uri : "in memory (jongodb)")}, databases {inputDb} and {targetDb}; Ctrl+C stops the demo

                """);
            await ArriveWhenTrainedAsync(host.Services.GetRequiredService<IGrainFactory>(), log, input, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            await host.WaitForShutdownAsync();
            return 0;
        }
        catch (LadConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            return BadUsage;
        }
        catch (InvalidOperationException e) when (jongodb is null && e.Message.StartsWith("jongodb", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"lad-silo --demo: {e.Message}");
            return BadUsage;
        }
        finally
        {
            File.Delete(tokens);
            if (jongodb is not null)
            {
                await jongodb.DisposeAsync();
            }
        }
    }

    // The arriving half is written once every host has a model, so each of its lines is scored, not trained on.
    private static async Task ArriveWhenTrainedAsync(IGrainFactory grains, DemoLog log, IMongoCollection<BsonDocument> input, CancellationToken stopping)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!stopping.IsCancellationRequested)
        {
            var statuses = await Task.WhenAll(log.Hosts.Select(h =>
                grains.GetGrain<IHostDetectorGrain>(new HostKey(DemoLog.Collection, h).ToGrainKey()).GetStatusAsync()));
            if (statuses.All(s => s.ModelVersion > 0) || waited.Elapsed > TrainingWait)
            {
                await log.WriteArrivingAsync(input, stopping);
                Console.WriteLine($"LAD demo: {log.ArrivingCount:N0} lines arrived after training ({string.Join(", ", statuses.Select(s => $"{s.Host.Hostname} {s.Phase.ToString().ToLowerInvariant()}"))}); anomalies and incidents follow within seconds");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), stopping);
        }
    }

    // Readable by this user only: the silo refuses a token file others may read.
    private static void WriteTokens(string path, string admin, string read)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.WriteLine($"admin demo {admin}");
        writer.WriteLine($"read viewer {read}");
    }

    // The embedded server keeps no cluster time, so it offers no change streams: the demo says it polls rather than
    // have every start warn of it. A MongoDB of the user's (LAD_MG_URI) is left to decide.
    private static string Yaml(string uri, string inputDb, string targetDb, string tokens, IReadOnlyList<string> hosts, bool embedded) => $"""
        MG_URI: "{uri}"
        {(embedded ? "MG_CHANGE_STREAMS: false" : "")}
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_LEVEL_FIELD: "Level"
        POLL_INTERVAL: 2
        # The arriving lines are written at one instant, so their times say nothing of bursts: group by kind only.
        INCIDENT_BURST_GAP: 0
        AUTH_TOKENS_FILE: "{tokens}"
        LOG_SOURCES:
          "{DemoLog.Collection}":
            HOSTNAMES: [{string.Join(", ", hosts.Select(h => $"\"{h}\""))}]
            MG_TARGET_COL: "{DemoLog.TargetCollection}"
        """;
}

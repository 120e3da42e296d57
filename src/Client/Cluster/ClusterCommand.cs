using System.CommandLine;
using Lad.Grains.Abstractions;

namespace Lad.Client.Cluster;

/// <summary>What every cluster command shares: the <c>--gateway</c> option, connecting, and turning refused requests
/// into a one-line error and exit code.</summary>
internal static class ClusterCommand
{
    /// <summary>The environment variable naming the gateway when <c>--gateway</c> is absent.</summary>
    public const string GatewayVariable = "LAD_GATEWAY";

    /// <summary>The <c>--gateway</c>, <c>--config</c>, <c>--token</c> and <c>--token-file</c> options of one command (each command needs its own instances).</summary>
    public static GatewayLookup Options() => new(
        new Option<string?>("--gateway")
        {
            Description = $"The silo gateway host:port (else {GatewayVariable}, else 127.0.0.1:GATEWAY_PORT of --config, else {ClusterConnection.DefaultGateway}).",
        },
        new Option<string?>("--config") { Description = $"The cluster's LAD YAML (else LAD_CONFIG): its GATEWAY_PORT names the gateway, its CLUSTER_ID and SERVICE_ID the cluster (else {GatewayLookup.ClusterIdVariable}, {GatewayLookup.ServiceIdVariable})." },
        new Option<string?>("--token") { Description = $"The API token (else --token-file, else {GatewayLookup.TokenVariable}, else the file {GatewayLookup.TokenFileVariable} names)." },
        new Option<string?>("--token-file") { Description = "A file holding the API token (its first line that is not blank or a # comment)." });

    /// <summary>Connects to the gateway <paramref name="options"/> name and runs <paramref name="run"/> against the cluster.</summary>
    public static async Task<int> RunAsync(
        string name, ParseResult parse, GatewayLookup options, Func<IGrainFactory, Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            var target = options.Target(parse, Environment.GetEnvironmentVariable);
            var token = options.Token(parse, Environment.GetEnvironmentVariable);
            var tls = GatewayLookup.Tls(Environment.GetEnvironmentVariable);
            await using var connection = await ClusterConnection.ConnectAsync(target, token, tls, cancellationToken);
            return await GuardAsync(name, Console.Error, () => run(connection.Grains));
        }
        catch (ClusterUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"lad {name}: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>Runs <paramref name="run"/>, reporting a refused request (exit code 1), a cluster (or its database) lost
    /// or silent mid-command (exit code 2) or a wait that timed out (exit code 3) on <paramref name="error"/> as
    /// <c>lad NAME: reason</c>.</summary>
    public static async Task<int> GuardAsync(string name, TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (LadRequestException e)
        {
            await error.WriteLineAsync($"lad {name}: {e.Message}");
            return ExitCodes.Refused;
        }
        catch (LadStoreException e)
        {
            // The cluster answered: its database did not, so the request may succeed once that is back.
            await error.WriteLineAsync($"lad {name}: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (WaitTimedOutException e)
        {
            await error.WriteLineAsync($"lad {name}: {e.Message}");
            return ExitCodes.TimedOut;
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            // The connection was made but the cluster went away or stopped answering mid-command: as unreachable.
            await error.WriteLineAsync($"lad {name}: lost the cluster ({ErrorText.Brief(e.GetBaseException().Message)})");
            return ExitCodes.Unreachable;
        }
    }
}

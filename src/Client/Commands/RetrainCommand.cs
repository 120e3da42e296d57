using System.CommandLine;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Abstractions.Sources;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad retrain &lt;collection&gt; &lt;host&gt; [--wait [--timeout 30m]]</c>: retrains one host now (detection
/// goes on meanwhile), and with <c>--wait</c> returns once the new model is in use.</summary>
internal static class RetrainCommand
{
    /// <summary>How long <c>--wait</c> waits when <c>--timeout</c> is not given.</summary>
    public const string DefaultTimeout = "30m";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var collection = new Argument<string>("collection") { Description = "Input collection of the host." };
        var host = new Argument<string>("host") { Description = "Host name." };
        var wait = new Option<bool>("--wait") { Description = "Return once the new model is in use (exit code 3 when --timeout runs out first)." };
        var timeout = new Option<string>("--timeout") { Description = $"How long --wait waits (90s, 30m, 12h, 7d); default {DefaultTimeout}." };
        var cluster = ClusterCommand.Options();
        var command = new Command("retrain", "Retrain one host's model now, including the feedback given on its lines.") { collection, host, wait, timeout };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "retrain",
            parse, cluster,
            grains => RunAsync(
                grains, parse.GetValue(collection)!, parse.GetValue(host)!, AnsiConsole.Console,
                parse.GetValue(wait) ? new RetrainWait(ExpiryText.Parse(parse.GetValue(timeout) ?? DefaultTimeout, "--timeout"), RetrainWait.DefaultInterval) : null,
                token),
            token));
        return command;
    }

    /// <summary>Starts the retraining of a registered host; refuses unknown hosts rather than activating a stray detector.</summary>
    /// <param name="grains">The cluster.</param>
    /// <param name="collection">The host's input collection.</param>
    /// <param name="host">The host name.</param>
    /// <param name="console">Where to print.</param>
    /// <param name="wait">How to wait for the new model; null to return once the retraining started.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    internal static async Task<int> RunAsync(
        IGrainFactory grains, string collection, string host, IAnsiConsole console, RetrainWait? wait = null, CancellationToken cancellationToken = default)
    {
        var sources = await SourceRegistry.Get(grains).ListAsync();
        if (!sources.Any(s => s.Collection == collection && s.Hostnames.Contains(host)))
        {
            throw new LadRequestException($"host: {collection}/{host} is not a registered host (see lad sources list)");
        }

        var detector = grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, host).ToGrainKey());
        var before = await detector.GetStatusAsync();
        await detector.RetrainAsync();
        var status = await detector.GetStatusAsync();
        console.WriteLine($"{status.Host}: retraining started (model version {status.ModelVersion}, {HostsCommand.StateText(status)})");
        return wait is null
            ? ExitCodes.Ok
            : await wait.RunAsync(detector.GetStatusAsync, before.Trainings, console, TimeProvider.System, cancellationToken);
    }
}

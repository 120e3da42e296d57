using System.CommandLine;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad retrain &lt;collection&gt; &lt;host&gt;</c>: retrains one host now (detection goes on meanwhile).</summary>
internal static class RetrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var collection = new Argument<string>("collection") { Description = "Input collection of the host." };
        var host = new Argument<string>("host") { Description = "Host name." };
        var cluster = ClusterCommand.Options();
        var command = new Command("retrain", "Retrain one host's model now, including the feedback given on its lines.") { collection, host };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "retrain",
            parse, cluster,
            grains => RunAsync(grains, parse.GetValue(collection)!, parse.GetValue(host)!, AnsiConsole.Console),
            token));
        return command;
    }

    /// <summary>Starts the retraining of a registered host; refuses unknown hosts rather than activating a stray detector.</summary>
    internal static async Task<int> RunAsync(IGrainFactory grains, string collection, string host, IAnsiConsole console)
    {
        var sources = await SourceRegistry.Get(grains).ListAsync();
        if (!sources.Any(s => s.Collection == collection && s.Hostnames.Contains(host)))
        {
            throw new LadRequestException($"host: {collection}/{host} is not a registered host (see lad sources list)");
        }

        var detector = grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, host).ToGrainKey());
        await detector.RetrainAsync();
        var status = await detector.GetStatusAsync();
        console.WriteLine($"{status.Host}: retraining started (model version {status.ModelVersion}, {HostsCommand.StateText(status)})");
        return 0;
    }
}

using System.CommandLine;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Incidents;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad ack &lt;id&gt;</c> and <c>lad resolve &lt;id&gt;</c>: take up or close an incident (feedback role; the
/// token's name is recorded as who).</summary>
internal static class IncidentStateCommand
{
    /// <summary>Builds <c>lad ack</c>.</summary>
    public static Command CreateAck() => Create(
        "ack", "Acknowledge an incident: someone is on it; its lines keep joining it.",
        (grains, id) => grains.GetGrain<IIncidentQueryGrain>(0).AcknowledgeAsync(id, null));

    /// <summary>Builds <c>lad resolve</c>.</summary>
    public static Command CreateResolve() => Create(
        "resolve", "Resolve an incident: a repeat of its lines opens a new incident.",
        (grains, id) => grains.GetGrain<IIncidentQueryGrain>(0).ResolveAsync(id, null));

    /// <summary>Changes the state and says what it is now.</summary>
    internal static async Task<int> RunAsync(
        IGrainFactory grains, string id, Func<IGrainFactory, string, Task<IncidentSummary>> change, IAnsiConsole console)
    {
        var incident = await change(grains, id);
        console.MarkupLine(Markup.Escape($"incident {incident.Id} ({incident.Count} lines on {string.Join(", ", incident.Hosts)}): {IncidentCommand.State(incident)}"));
        return 0;
    }

    private static Command Create(string name, string description, Func<IGrainFactory, string, Task<IncidentSummary>> change)
    {
        var id = new Argument<string>("id") { Description = "The incident id (lad incidents)." };
        var cluster = ClusterCommand.Options();
        var command = new Command(name, description) { id };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            name, parse, cluster, grains => RunAsync(grains, parse.GetValue(id)!, change, AnsiConsole.Console), token));
        return command;
    }
}

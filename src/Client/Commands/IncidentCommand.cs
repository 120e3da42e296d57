using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Incidents;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad incident &lt;id&gt;</c>: one incident in full, each sample line with the lines its host wrote around it.</summary>
internal static class IncidentCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The incident id (lad incidents)." };
        var context = new Option<int>("--context") { Description = "Lines of the host before and after each sample.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("incident", "Show one incident: hosts, times, count, explanation and sample lines in context.") { id, context, json };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "incident",
            parse, cluster,
            grains => RunAsync(grains, parse.GetValue(id)!, parse.GetValue(context), parse.GetValue(json), AnsiConsole.Console, Console.Out),
            token));
        return command;
    }

    /// <summary>Reads and prints the incident.</summary>
    internal static async Task<int> RunAsync(IGrainFactory grains, string id, int context, bool json, IAnsiConsole console, TextWriter output)
    {
        var incident = await grains.GetGrain<IIncidentQueryGrain>(0).GetAsync(id, context);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(incident, ScriptJson.Options));
            return 0;
        }

        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("incident", incident.Id);
        facts.AddRow("state", Markup.Escape(State(incident)));
        facts.AddRow("source", Markup.Escape(incident.Source));
        facts.AddRow("hosts", Markup.Escape(string.Join(", ", incident.Hosts)));
        facts.AddRow("seen", $"{IncidentsCommand.Time(incident.FirstSeen)} to {IncidentsCommand.Time(incident.LastSeen)}");
        facts.AddRow("lines", incident.Count.ToString("N0", CultureInfo.InvariantCulture));
        facts.AddRow("line", Markup.Escape(incident.Representative));
        facts.AddRow("template", Markup.Escape(incident.Template));
        facts.AddRow("why", Markup.Escape(string.Join("; ", incident.Reasons)));
        console.Write(facts);
        foreach (var sample in incident.Samples)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{Markup.Escape(sample.Host)} {IncidentsCommand.Time(sample.Time)}[/] ({Markup.Escape(sample.AnomalyId)})");
            foreach (var line in sample.Before)
            {
                console.MarkupLine($"  {Markup.Escape(line)}");
            }

            console.MarkupLine($"> [bold]{Markup.Escape(sample.Message)}[/]");
            foreach (var line in sample.After)
            {
                console.MarkupLine($"  {Markup.Escape(line)}");
            }
        }

        return 0;
    }

    /// <summary>The state with who and when.</summary>
    internal static string State(IncidentSummary incident) => incident.State switch
    {
        "acknowledged" => $"acknowledged by {incident.AcknowledgedBy} at {incident.AcknowledgedAt:yyyy-MM-dd HH:mm:ss}Z",
        "resolved" => $"resolved by {incident.ResolvedBy ?? "its quiet period"} at {incident.ResolvedAt:yyyy-MM-dd HH:mm:ss}Z",
        var state => state,
    };
}

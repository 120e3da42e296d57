using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Incidents;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad incidents</c>: incidents, latest seen first, as a table or <c>--json</c>.</summary>
internal static class IncidentsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var open = new Option<bool>("--open") { Description = "Only incidents not resolved (open or acknowledged)." };
        var source = new Option<string?>("--source") { Description = "Only this input collection." };
        var host = new Option<string?>("--host") { Description = "Only incidents this host took part in." };
        var since = new Option<string?>("--since") { Description = "Only incidents seen since: an age (15m, 2h, 7d) or an ISO time." };
        var limit = new Option<int>("--limit") { Description = "Most incidents, latest seen first.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("incidents", "List incidents: anomalies grouped by what they are, when, and on which hosts.")
        {
            open, source, host, since, limit, json,
        };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "incidents",
            parse, cluster,
            grains => RunAsync(
                grains,
                new IncidentQuery(
                    parse.GetValue(open),
                    parse.GetValue(source),
                    parse.GetValue(host),
                    parse.GetValue(since) is { } text ? SinceParser.Parse(text, DateTime.UtcNow) : null,
                    parse.GetValue(limit)),
                parse.GetValue(json),
                AnsiConsole.Console,
                Console.Out),
            token));
        return command;
    }

    /// <summary>Queries and prints; <paramref name="output"/> receives the JSON, <paramref name="console"/> the table.</summary>
    internal static async Task<int> RunAsync(IGrainFactory grains, IncidentQuery query, bool json, IAnsiConsole console, TextWriter output)
    {
        var incidents = await grains.GetGrain<IIncidentQueryGrain>(0).ListAsync(query);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(incidents, ScriptJson.Options));
            return 0;
        }

        var table = new Table().AddColumns("Id", "State", "First seen", "Last seen", "Lines", "Hosts", "Line", "Why");
        // An id is copied into lad incident, ack and resolve: it must never break across lines.
        table.Columns[0].NoWrap();
        foreach (var i in incidents)
        {
            table.AddRow(
                i.Id,
                i.State,
                Time(i.FirstSeen),
                Time(i.LastSeen),
                i.Count.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape($"{i.Source}/{string.Join(",", i.Hosts)}"),
                Markup.Escape(i.Representative),
                Markup.Escape(i.Reasons.Count > 0 ? i.Reasons[0] : "-"));
        }

        console.Write(table);
        console.WriteLine($"{incidents.Count} incident{(incidents.Count == 1 ? "" : "s")}");
        return 0;
    }

    /// <summary>A time as the incident commands show it.</summary>
    internal static string Time(DateTime time) => time.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

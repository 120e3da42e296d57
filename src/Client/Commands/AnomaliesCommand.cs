using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Anomalies;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad anomalies</c>: the newest stored anomalies with their explanation, as a table or <c>--json</c>.</summary>
internal static class AnomaliesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only this input collection." };
        var host = new Option<string?>("--host") { Description = "Only this host." };
        var since = new Option<string?>("--since") { Description = "Only newer: an age (15m, 2h, 7d) or an ISO time." };
        var limit = new Option<int>("--limit") { Description = "Most anomalies, newest first.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("anomalies", "List recent anomalies and why they were flagged.") { source, host, since, limit, json };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "anomalies",
            parse, cluster,
            grains => RunAsync(
                grains,
                parse.GetValue(source),
                parse.GetValue(host),
                parse.GetValue(since),
                parse.GetValue(limit),
                parse.GetValue(json),
                AnsiConsole.Console,
                Console.Out),
            token));
        return command;
    }

    /// <summary>Queries and prints; <paramref name="output"/> receives the JSON, <paramref name="console"/> the table.</summary>
    internal static async Task<int> RunAsync(
        IGrainFactory grains, string? source, string? host, string? since, int limit, bool json, IAnsiConsole console, TextWriter output)
    {
        var from = since is null ? (DateTime?)null : SinceParser.Parse(since, DateTime.UtcNow);
        var anomalies = await grains.GetGrain<IAnomalyQueryGrain>(0).QueryAsync(new AnomalyQuery(source, host, from, limit));
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(anomalies, ScriptJson.Options));
            return 0;
        }

        // The strongest reason only, so a row stays readable in a terminal; --json carries every reason.
        var table = new Table().AddColumns("Detected", "Id", "Host", "Score", "Message", "Why");
        // An id is copied into lad feedback: it must never break across lines.
        table.Columns[1].NoWrap();
        foreach (var a in anomalies)
        {
            table.AddRow(
                a.DetectedAt.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(a.Id),
                Markup.Escape($"{a.SourceCollection}/{a.Hostname}"),
                string.Create(CultureInfo.InvariantCulture, $"{a.Score:0.###} > {a.Threshold:0.###}"),
                Markup.Escape(a.Message),
                Markup.Escape(a.Reasons.Count > 0 ? a.Reasons[0] : "-"));
        }

        console.Write(table);
        console.WriteLine($"{anomalies.Count} anomal{(anomalies.Count == 1 ? "y" : "ies")}");
        return 0;
    }
}

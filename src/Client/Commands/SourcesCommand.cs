using System.CommandLine;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Sources;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad sources list|add|remove</c>: the log sources the cluster watches, changed at run time.</summary>
internal static class SourcesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("sources", "List, add or remove log sources (collections and hosts) at run time; stored in MongoDB.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateRemove());
        return command;
    }

    /// <summary>Prints every source; <paramref name="output"/> receives the JSON, <paramref name="console"/> the table.</summary>
    internal static async Task<int> ListAsync(IGrainFactory grains, bool json, IAnsiConsole console, TextWriter output)
    {
        var sources = await SourceRegistry.Get(grains).ListAsync();
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(sources, ScriptJson.Options));
            return 0;
        }

        var table = new Table().AddColumns("Collection", "Hosts", "Target collection", "Session key");
        foreach (var source in sources)
        {
            table.AddRow(
                Markup.Escape(source.Collection),
                Markup.Escape(string.Join(", ", source.Hostnames)),
                Markup.Escape(source.TargetCollection),
                Markup.Escape(source.SessionRegex ?? "-"));
        }

        console.Write(table);
        console.WriteLine($"{sources.Count} source(s), {sources.Sum(s => s.Hostnames.Count)} host(s)");
        return 0;
    }

    /// <summary>Adds hosts to a source; the silo starts their detectors in the background (<c>lad hosts</c> shows them).</summary>
    internal static async Task<int> AddAsync(
        IGrainFactory grains, string collection, IReadOnlyList<string> hosts, string? target, string? sessionRegex, IAnsiConsole console)
    {
        var source = await SourceRegistry.Get(grains).AddAsync(collection, hosts, target, sessionRegex);
        console.WriteLine($"source {source.Collection} -> {source.TargetCollection}: hosts {string.Join(", ", source.Hostnames)}; starting {string.Join(", ", hosts)} (lad hosts shows them)");
        return 0;
    }

    /// <summary>Removes hosts (or the whole source) and stops their detectors.</summary>
    internal static async Task<int> RemoveAsync(IGrainFactory grains, string collection, IReadOnlyList<string> hosts, IAnsiConsole console)
    {
        var source = await SourceRegistry.Get(grains).RemoveAsync(collection, hosts);
        console.WriteLine(source is null
            ? $"source {collection} removed; its anomalies stay stored"
            : $"source {collection}: hosts {string.Join(", ", source.Hostnames)} remain; stopped {string.Join(", ", hosts)}");
        return 0;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("list", "List the sources.") { json };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "sources list", parse, cluster, grains => ListAsync(grains, parse.GetValue(json), AnsiConsole.Console, Console.Out), token));
        return command;
    }

    private static Command CreateAdd()
    {
        var collection = new Argument<string>("collection") { Description = "Input collection in MG_INPUT_DB." };
        var hosts = new Option<string[]>("--host") { Description = "Host name to model (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var target = new Option<string?>("--target") { Description = "Collection in MG_TARGET_DB receiving anomalies (required for a new source)." };
        var sessionRegex = new Option<string?>("--session-regex")
        {
            Description = "Regular expression whose first match in a message is its session key (a new source only; SESSION_REGEX in the YAML).",
        };
        var cluster = ClusterCommand.Options();
        var command = new Command("add", "Add hosts to a source (creating it) and start their detectors.") { collection, hosts, target, sessionRegex };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "sources add",
            parse, cluster,
            grains => AddAsync(
                grains, parse.GetValue(collection)!, parse.GetValue(hosts)!, parse.GetValue(target), parse.GetValue(sessionRegex), AnsiConsole.Console),
            token));
        return command;
    }

    private static Command CreateRemove()
    {
        var collection = new Argument<string>("collection") { Description = "Input collection of the source." };
        var hosts = new Option<string[]>("--host") { Description = "Host to remove (repeatable); none removes the whole source.", AllowMultipleArgumentsPerToken = true };
        var cluster = ClusterCommand.Options();
        var command = new Command("remove", "Remove hosts or a whole source and stop their detectors; stored anomalies stay.") { collection, hosts };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "sources remove",
            parse, cluster,
            grains => RemoveAsync(grains, parse.GetValue(collection)!, parse.GetValue(hosts) ?? [], AnsiConsole.Console),
            token));
        return command;
    }
}

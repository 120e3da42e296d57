using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions.Detection;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad hosts</c>: every registered host's detector state and counters.</summary>
internal static class HostsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("hosts", "Show each host's detector: state, model, counters.") { json };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "hosts", parse, cluster, grains => RunAsync(grains, parse.GetValue(json), AnsiConsole.Console, Console.Out), token));
        return command;
    }

    /// <summary>Prints the statuses; <paramref name="output"/> receives the JSON, <paramref name="console"/> the table.</summary>
    internal static async Task<int> RunAsync(IGrainFactory grains, bool json, IAnsiConsole console, TextWriter output)
    {
        var statuses = await HostStatuses.OfRegisteredAsync(grains);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(statuses, ScriptJson.Options));
            return 0;
        }

        var table = new Table().AddColumns(
            "Host", "State", "Trained (UTC)", "Lines", "Templ.", "Scored", "Anom.", "Thresh.", "Alarms/10k", "Sessions", "Last poll", "Set aside");
        foreach (var s in statuses)
        {
            table.AddRow(
                Markup.Escape(s.Host.ToString()),
                Markup.Escape(StateText(s)),
                Time(s.TrainedAt),
                s.LinesTrainedOn.ToString(CultureInfo.InvariantCulture),
                s.Templates.ToString(CultureInfo.InvariantCulture),
                s.LinesScored.ToString(CultureInfo.InvariantCulture),
                s.Anomalies.ToString(CultureInfo.InvariantCulture),
                ThresholdText(s),
                s.AlarmsPer10k is { } a ? a.ToString("0.#", CultureInfo.InvariantCulture) : "-",
                s.SessionsHeld is { } held ? held.ToString(CultureInfo.InvariantCulture) : "-",
                Time(s.LastPoll),
                Markup.Escape(SetAsideText(s)));
        }

        console.Write(table);
        return 0;
    }

    /// <summary>The threshold column: the threshold, and the routine templates' one after it where it is lower.</summary>
    internal static string ThresholdText(HostStatus status) => ThresholdsText.Of(status.Threshold, status.RoutineThreshold, "0.###");

    /// <summary>The set-aside column: skipped documents and dead letters per reason, or <c>-</c> when there are none.</summary>
    internal static string SetAsideText(HostStatus status)
    {
        var parts = status.SkippedDocuments.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"skipped {ReasonLabel.Of(c.Key)} {c.Value}")
            .Concat(status.DeadLetters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"dead letter {c.Key} {c.Value}"))
            .ToList();
        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    /// <summary>The state column: the phase, a running retraining, and why it failed.</summary>
    internal static string StateText(HostStatus status)
    {
        var text = status.Phase.ToString().ToLowerInvariant();
        if (status.RetrainRunning)
        {
            text += " (retraining)";
        }

        return status.Reason is { } reason ? $"{text}: {reason}" : text;
    }

    private static string Time(DateTime? time) =>
        time is { } t ? t.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";
}

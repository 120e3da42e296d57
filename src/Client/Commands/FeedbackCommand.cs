using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Feedback;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad feedback</c>: marks a reported line a false or true positive; <c>lad feedback list</c> shows what was given.</summary>
internal static class FeedbackCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var id = new Argument<string?>("anomaly-id") { Description = "The anomaly's id (see lad anomalies).", Arity = ArgumentArity.ZeroOrOne };
        var falsePositive = new Option<bool>("--false-positive") { Description = "The line is normal: never report it again, and train on it." };
        var truePositive = new Option<bool>("--true-positive") { Description = "The line is a real anomaly: keep it as a labelled example." };
        var scope = new Option<string>("--scope")
        {
            Description = "What a false positive covers: line, template, or value (one unusual value at one parameter is normal).",
            DefaultValueFactory = _ => "line",
        };
        var parameter = new Option<int?>("--parameter") { Description = "With --scope value: the template parameter (from 1, as reasons number it) whose value is normal; needed when the line has unusual values at several." };
        var note = new Option<string?>("--note") { Description = "A comment stored with the feedback." };
        var message = new Option<string?>("--message") { Description = "Name the line by its text instead of an id (with --source and --host)." };
        var source = new Option<string?>("--source") { Description = "With --message: the input collection." };
        var host = new Option<string?>("--host") { Description = "With --message: the host." };
        var user = new Option<string>("--user") { Description = "Who gives the feedback.", DefaultValueFactory = _ => Environment.UserName };
        var expires = new Option<string?>("--expires") { Description = "How long a false positive acts (90s, 30m, 12h, 7d); default until undone." };
        var incident = new Option<string?>("--incident") { Description = "Give the feedback on every line of an incident (see lad incidents) instead of one line." };
        var cluster = ClusterCommand.Options();
        var command = new Command("feedback", "Mark a reported line as a false or true positive.")
        {
            id, falsePositive, truePositive, scope, note, message, source, host, user, expires, parameter, incident,
        };
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateUndo());
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "feedback",
            parse, cluster,
            grains => SubmitAsync(
                grains,
                parse.GetValue(id),
                parse.GetValue(falsePositive),
                parse.GetValue(truePositive),
                parse.GetValue(scope)!,
                parse.GetValue(message),
                parse.GetValue(source),
                parse.GetValue(host),
                parse.GetValue(user)!,
                parse.GetValue(note),
                AnsiConsole.Console,
                parse.GetValue(expires),
                parse.GetValue(parameter),
                parse.GetValue(incident)),
            token));
        return command;
    }

    /// <summary>Checks the flags, submits, and prints what was stored.</summary>
    /// <exception cref="LadRequestException">Both or neither verdict flag, a bad scope, or neither id nor message.</exception>
    internal static async Task<int> SubmitAsync(
        IGrainFactory grains, string? anomalyId, bool falsePositive, bool truePositive, string scope,
        string? message, string? source, string? host, string user, string? note, IAnsiConsole console, string? expires = null,
        int? parameter = null, string? incident = null)
    {
        if (falsePositive == truePositive)
        {
            throw new LadRequestException("give exactly one of --false-positive and --true-positive");
        }

        var parsedScope = FeedbackScopeText.Parse(scope, "--scope");
        if (new[] { anomalyId, message, incident }.Count(n => n is not null) != 1)
        {
            throw new LadRequestException(
                "name the lines by one of: an anomaly id, --message (with --source and --host), or --incident");
        }

        var verdict = falsePositive ? FeedbackVerdict.FalsePositive : FeedbackVerdict.TruePositive;
        TimeSpan? expiresIn = expires is null ? null : ExpiryText.Parse(expires, "--expires");
        if (incident is not null)
        {
            var records = await grains.GetGrain<IFeedbackGrain>(0).SubmitForIncidentAsync(
                incident, new FeedbackRequest(null, null, null, null, verdict, parsedScope, user, note, expiresIn, Parameter: parameter));
            foreach (var record in records)
            {
                console.WriteLine($"feedback {record.Id}: {Describe(record)}");
            }

            console.WriteLine($"incident {incident}: {records.Count} feedback records");
            return 0;
        }

        var stored = await grains.GetGrain<IFeedbackGrain>(0)
            .SubmitAsync(new FeedbackRequest(
                anomalyId, message, source, host, verdict, parsedScope, user, note, expiresIn, Parameter: parameter));
        console.WriteLine($"feedback {stored.Id}: {Describe(stored)}");
        return 0;
    }

    /// <summary>Undoes feedback and says what is reported again.</summary>
    internal static async Task<int> UndoAsync(IGrainFactory grains, string id, IAnsiConsole console)
    {
        var undone = await grains.GetGrain<IFeedbackGrain>(0).UndoAsync(id);
        console.WriteLine(undone switch
        {
            { Verdict: FeedbackVerdict.TruePositive } => $"feedback {undone.Id} undone by {undone.UndoneBy}: the labelled example is withdrawn",
            { Scope: FeedbackScope.Value } => $"feedback {undone.Id} undone by {undone.UndoneBy}: {Subject(undone)} on {undone.Host} is evidence again",
            _ => $"feedback {undone.Id} undone by {undone.UndoneBy}: {Subject(undone)} on {undone.Host} is reported again and no longer trained on",
        });
        return 0;
    }

    /// <summary>Prints stored feedback, newest first.</summary>
    internal static async Task<int> ListAsync(
        IGrainFactory grains, string? source, string? host, int limit, bool json, IAnsiConsole console, TextWriter output)
    {
        var records = await grains.GetGrain<IFeedbackGrain>(0).ListAsync(source, host, null, limit);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(records, ScriptJson.Options));
            return 0;
        }

        var table = new Table().AddColumns("Id", "At", "Host", "Verdict", "Scope", "Line or template", "User", "By", "From", "Expires", "Note");
        foreach (var r in records)
        {
            table.AddRow(
                r.Id,
                r.At.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Markup.Escape(r.Host.ToString()),
                r.Verdict == FeedbackVerdict.FalsePositive ? "false positive" : "true positive",
                FeedbackScopeText.Name(r.Scope),
                Markup.Escape(r.Scope switch
                {
                    FeedbackScope.Template => r.Template ?? r.Message,
                    FeedbackScope.Value => $"'{r.Value}' at parameter {r.Parameter} of {r.Template}",
                    _ => r.Message,
                }),
                Markup.Escape(r.User),
                Markup.Escape(r.By ?? ""),
                Markup.Escape(r.From ?? ""),
                r.UndoneAt is { } undone ? $"undone {undone.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}"
                    : r.ExpiresAt is { } expiresAt ? expiresAt.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "",
                Markup.Escape(r.Note ?? ""));
        }

        console.Write(table);
        console.WriteLine($"{records.Count} feedback record(s)");
        return 0;
    }

    private static string Describe(FeedbackRecord r) => r.Verdict == FeedbackVerdict.TruePositive
        ? $"true positive on {r.Host} kept as a labelled example: {r.Message}"
        : r.Scope == FeedbackScope.Value
        ? $"false positive on {r.Host}: {Subject(r)} is no longer evidence; other values there still are" +
          (r.ExpiresAt is { } until ? $", until {until.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}" : "")
        : $"false positive on {r.Host}: {Subject(r)} is no longer reported and is trained on at the next retraining" +
          (r.ExpiresAt is { } expires ? $", until {expires.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}" : "");

    private static string Subject(FeedbackRecord r) => r.Scope switch
    {
        FeedbackScope.Template => $"template '{r.Template}'",
        FeedbackScope.Value => $"value '{r.Value}' at parameter {r.Parameter} of template '{r.Template}'",
        _ => $"line '{r.Message}'",
    };

    private static Command CreateUndo()
    {
        var id = new Argument<string>("feedback-id") { Description = "The feedback's id (see lad feedback list)." };
        var cluster = ClusterCommand.Options();
        var command = new Command("undo", "Undo feedback: a false positive is reported again at once and no longer trained on.") { id };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "feedback undo", parse, cluster, grains => UndoAsync(grains, parse.GetValue(id)!, AnsiConsole.Console), token));
        return command;
    }

    private static Command CreateList()
    {
        var source = new Option<string?>("--source") { Description = "Only this input collection." };
        var host = new Option<string?>("--host") { Description = "Only this host." };
        var limit = new Option<int>("--limit") { Description = "Most records, newest first.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (snake_case fields) for scripts." };
        var cluster = ClusterCommand.Options();
        var command = new Command("list", "List stored feedback (false and true positives).") { source, host, limit, json };
        cluster.AddTo(command);
        command.SetAction((parse, token) => ClusterCommand.RunAsync(
            "feedback list",
            parse, cluster,
            grains => ListAsync(grains, parse.GetValue(source), parse.GetValue(host), parse.GetValue(limit), parse.GetValue(json), AnsiConsole.Console, Console.Out),
            token));
        return command;
    }
}

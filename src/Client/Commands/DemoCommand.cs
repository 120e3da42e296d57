using System.CommandLine;
using System.Globalization;
using Lad.Engine.Incidents;
using Lad.Engine.Model;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source.Synthetic;
using Lad.Engine.Volume;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// <c>lad demo</c>: generates a synthetic multi-host log with injected anomalies, trains one model per host on the
/// first half of its lines, scores the second half as if the lines were arriving, and shows what it found and how
/// that compares with the injected labels. Needs no database and no arguments.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The share of each host's lines used as history; the generator keeps it free of anomalies.</summary>
    private const double HistoryShare = 0.5;

    // A demo host's history is half an hour: one-minute intervals give it the dozen a volume profile needs.
    private static readonly TimeSpan VolumeInterval = TimeSpan.FromMinutes(1);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Where to write the generated log (labels go to <file>.labels).",
            DefaultValueFactory = _ => Path.Combine("lad-demo", "demo.log"),
        };
        var hosts = new Option<int>("--hosts") { Description = "Number of hosts.", DefaultValueFactory = _ => 3 };
        var lines = new Option<int>("--lines") { Description = "Lines per host (first half is history).", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator and the trainer.", DefaultValueFactory = _ => 42 };
        var model = new Option<string>("--model")
        {
            Description = $"Model kind: {string.Join(" or ", ModelCatalog.Kinds)}.",
            DefaultValueFactory = _ => ModelCatalog.DefaultKind,
        };
        var alarmBudget = AlarmBudgetOption.Create();
        var perLine = new Option<bool>("--per-line") { Description = "Also list every flagged line, not only the incidents they form." };
        var scenarios = new Option<bool>("--scenarios")
        {
            Description = "Also plant timed faults (a host falling silent, a routine line surging, one error on three hosts at once) and report which incidents caught them.",
        };

        var command = new Command("demo", "Generate a synthetic multi-host log, learn each host's normal lines, and flag the injected anomalies.")
        {
            output, hosts, lines, seed, model, alarmBudget, perLine, scenarios,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new DemoRequest(
                parse.GetValue(output)!,
                parse.GetValue(hosts),
                parse.GetValue(lines),
                parse.GetValue(seed),
                new DetectorOptions { ModelKind = parse.GetValue(model)!, Seed = parse.GetValue(seed), AlarmBudget = parse.GetValue(alarmBudget) },
                PerLine: parse.GetValue(perLine),
                Scenarios: parse.GetValue(scenarios));
            return Task.FromResult(Run(request, AnsiConsole.Console, Console.Error, cancellationToken));
        });
        return command;
    }

    /// <summary>Runs the demo, writing to <paramref name="console"/> and a bad option or file error to
    /// <paramref name="error"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    internal static int Run(DemoRequest request, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var generator = new SyntheticLogOptions
            {
                Hosts = request.Hosts,
                LinesPerHost = request.LinesPerHost,
                Seed = request.Seed,
                CleanFraction = HistoryShare,
                AnomaliesPerHost = Math.Max(1, request.LinesPerHost / 125),
                TimedScenarios = request.Scenarios,
            };
            Validate(request);
            var trainer = ModelCatalog.CreateTrainer(request.Options);
            SyntheticLogFile.Write(request.OutPath, SyntheticLogGenerator.Generate(generator));
            var lines = SyntheticLogFile.Read(request.OutPath);
            console.MarkupLine(
                $"Wrote [bold]{lines.Count:N0}[/] lines from {request.Hosts} hosts to [bold]{Markup.Escape(request.OutPath)}[/] " +
                $"(labels: {Markup.Escape(SyntheticLogFile.LabelsPath(request.OutPath))}).");

            var hosts = lines.GroupBy(l => l.Host).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var results = StageProgress.Run(console, "training", stage => hosts
                .Select((g, i) =>
                {
                    stage($"{g.Key} ({i + 1} of {hosts.Count}): training on its history, then scoring the rest");
                    return ScoreHost(g.Key, g.ToList(), trainer, cancellationToken);
                })
                .ToList());

            var incidents = GroupIncidents(results, out var assigned);
            PrintIncidents(console, incidents, request.MaxRows);
            var planted = SyntheticScenarios.Plan(generator);
            if (planted.Count > 0)
            {
                PrintScenarios(console, planted, incidents.Select(i => i.Incident).ToList(), assigned);
            }

            if (request.PerLine)
            {
                PrintAnomalies(console, results, request.MaxRows);
                PrintMissed(console, results, request.MaxRows);
            }

            PrintSummary(console, results, request.Options.ModelKind);
            PrintReduction(console, results, incidents);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or FormatException
                                       or ModelFormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"lad demo: {e.Message}");
            return ExitCodes.Refused;
        }
    }

    private static void Validate(DemoRequest request)
    {
        if (request.Hosts is < 1 or > 999)
        {
            throw new ArgumentException($"--hosts must be between 1 and 999, not {request.Hosts}");
        }

        if (request.LinesPerHost is < 100 or > 10_000_000)
        {
            throw new ArgumentException($"--lines must be between 100 and 10,000,000 per host, not {request.LinesPerHost}");
        }

        if (request.MaxRows < 0)
        {
            throw new ArgumentException($"the table row limit must be >= 0, not {request.MaxRows}");
        }
    }

    private static HostResult ScoreHost(string host, List<SyntheticLine> lines, IAnomalyModelTrainer trainer, CancellationToken cancellationToken)
    {
        var historyCount = (int)Math.Ceiling(lines.Count * HistoryShare);
        var history = lines.Take(historyCount).Select(l => l.ToRecord()).ToArray();
        var model = trainer.Train(history, cancellationToken);
        // One stream per host, fed in time order after the history it learned, as the daemon feeds it.
        var stream = model.OpenStream();
        foreach (var record in history)
        {
            stream.Observe(record);
        }

        var scored = lines.Skip(historyCount).Select(l => (Line: l, Verdict: stream.Score(l.ToRecord()))).ToList();
        return new HostResult(host, historyCount, model.Threshold, model.RoutineThreshold, scored, Volume(lines, historyCount));
    }

    // The host's rates, learned from its history and replayed on the log's own clock, as the daemon counts them live.
    private static List<VolumeFinding> Volume(List<SyntheticLine> lines, int historyCount)
    {
        var profile = VolumeProfileTrainer.Train(
            lines.Take(historyCount).Select(l => (l.Timestamp.UtcDateTime, l.ToRecord().Message)), new VolumeOptions(VolumeInterval));
        var monitor = new VolumeMonitor(profile);
        var findings = new List<VolumeFinding>();
        foreach (var line in lines.Skip(historyCount))
        {
            findings.AddRange(monitor.Advance(line.Timestamp.UtcDateTime));
            findings.AddRange(monitor.Observe(line.Timestamp.UtcDateTime, line.ToRecord().Message));
        }

        findings.AddRange(monitor.Advance(lines[^1].Timestamp.UtcDateTime + (2 * VolumeInterval)));
        return findings;
    }

    // The demo is one source; its hosts' flagged lines are grouped together in time order, as the daemon groups them.
    private static List<(IncidentSnapshot Incident, int Injected)> GroupIncidents(
        List<HostResult> results, out List<(AnomalyOccurrence Occurrence, VolumeFindingKind? Volume, string Incident)> assigned)
    {
        var flagged = results
            .SelectMany(r => r.Scored.Select((s, i) => (r.Host, Index: i, s.Line, s.Verdict)))
            .Where(f => f.Verdict.IsAnomaly)
            .Select(f => (Id: $"{f.Host}:{f.Index}", f.Line, Occurrence: new AnomalyOccurrence(
                $"{f.Host}:{f.Index}", "demo", f.Host, f.Line.Timestamp.UtcDateTime, f.Verdict.Explanation.Template,
                $"{f.Line.Level ?? "-"} {f.Line.Program}: {f.Line.Text}", f.Verdict.Explanation.Reasons, f.Verdict.Score)))
            .ToList();
        var volume = results.SelectMany(r => r.Volume.Select((v, i) => (Kind: v.Kind, Occurrence: new AnomalyOccurrence(
            $"{r.Host}:volume:{i}", "demo", r.Host, v.IntervalStart, v.Template ?? v.Kind.ToString(), v.Reason, [v.Reason], 1)))).ToList();
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var grouped = grouper.Assign(flagged.Select(f => f.Occurrence).Concat(volume.Select(v => v.Occurrence)).OrderBy(o => o.Time));
        var injected = flagged.Where(f => f.Line.IsAnomaly).GroupBy(f => grouped.IncidentOf[f.Id]).ToDictionary(g => g.Key, g => g.Count());
        assigned = [.. flagged.Select(f => (f.Occurrence, (VolumeFindingKind?)null, grouped.IncidentOf[f.Id]))
            .Concat(volume.Select(v => (v.Occurrence, (VolumeFindingKind?)v.Kind, grouped.IncidentOf[v.Occurrence.Id])))];
        return [.. grouped.Changes.Select(c => (c.Incident, injected.GetValueOrDefault(c.Incident.Id))).OrderBy(i => i.Incident.FirstSeen)];
    }

    private static void PrintIncidents(IAnsiConsole console, List<(IncidentSnapshot Incident, int Injected)> incidents, int maxRows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"incidents ({incidents.Count})")
            .AddColumn("incident").AddColumn("first seen").AddColumn(new TableColumn("lines").RightAligned()).AddColumn("hosts")
            .AddColumn(new TableColumn("injected").RightAligned()).AddColumn("line").AddColumn("why");
        foreach (var (incident, injected) in incidents.Take(maxRows))
        {
            table.AddRow(
                incident.Id,
                incident.FirstSeen.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                N(incident.Count),
                Markup.Escape(string.Join(", ", incident.Hosts)),
                injected == 0 ? "[yellow]0[/]" : N(injected),
                Markup.Escape(Shorten(incident.Representative, 80)),
                Markup.Escape(string.Join("; ", incident.Reasons.Take(2))));
        }

        console.Write(table);
        if (incidents.Count > maxRows)
        {
            console.MarkupLine($"({incidents.Count - maxRows} more not shown)");
        }
    }

    // A scenario is caught when what it should raise is there, all in one incident (ScenarioCatch).
    private static void PrintScenarios(
        IAnsiConsole console,
        IReadOnlyList<SyntheticScenario> planted,
        List<IncidentSnapshot> incidents,
        List<(AnomalyOccurrence Occurrence, VolumeFindingKind? Volume, string Incident)> assigned)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("timed scenarios")
            .AddColumn("planted").AddColumn("hosts").AddColumn("at").AddColumn("incident").AddColumn("why");
        var caught = 0;
        var outcomes = new List<(SyntheticScenario Scenario, IncidentSnapshot? Incident, string Why)>();
        foreach (var scenario in planted)
        {
            var found = ScenarioCatch.IncidentOf(scenario, assigned, 2 * VolumeInterval);
            var snapshot = incidents.FirstOrDefault(i => i.Id == found?.Incident);
            caught += snapshot is null ? 0 : 1;
            // What caught it, which need not be what the incident first held (another host's line of the same template).
            var why = found?.First.Reasons.FirstOrDefault() ?? "";
            outcomes.Add((scenario, snapshot, why));
            table.AddRow(
                scenario.Kind.ToString(),
                Markup.Escape(string.Join(", ", scenario.Hosts)),
                scenario.From.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                snapshot?.Id ?? "[red]missed[/]",
                Markup.Escape(Shorten(why, 90)));
        }

        console.Write(table);
        foreach (var (scenario, snapshot, why) in outcomes)
        {
            // One plain line each, whole: table cells wrap on a narrow or piped console.
            var others = snapshot?.Hosts.Except(scenario.Hosts).ToList() ?? [];
            console.WriteLine(snapshot is null
                ? $"missed {scenario.Kind} on {string.Join(", ", scenario.Hosts)}"
                : $"caught {scenario.Kind} on {string.Join(", ", scenario.Hosts)} in incident {snapshot.Id}" +
                  (others.Count == 0 ? "" : $" (with {string.Join(", ", others)})") + $": {why}");
        }

        console.WriteLine($"timed scenarios caught {caught} of {planted.Count}");
    }

    private static void PrintReduction(IAnsiConsole console, List<HostResult> results, List<(IncidentSnapshot Incident, int Injected)> incidents)
    {
        var flagged = results.Sum(r => r.Flagged);
        var caught = results.Sum(r => r.Caught);
        var injected = results.Sum(r => r.Injected);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"volume anomalies {results.Sum(r => r.Volume.Count)} ({VolumeInterval.TotalMinutes:0} min intervals)"));
        var faults = results.SelectMany(r => r.Faults).ToList();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"injected faults (a line, or a burst of lines) missed {faults.Count(f => !f)} of {faults.Count}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines flagged {flagged}, incidents {incidents.Count} ({(incidents.Count == 0 ? 0 : (double)flagged / incidents.Count):0.0} lines per incident), injected faults caught {caught} of {injected} lines in {incidents.Count(i => i.Injected > 0)} incidents"));
    }

    private static void PrintAnomalies(IAnsiConsole console, List<HostResult> results, int maxRows)
    {
        var flagged = results.SelectMany(r => r.Scored.Where(s => s.Verdict.IsAnomaly).Select(s => (r.Host, s.Line, s.Verdict)))
            .OrderBy(f => f.Line.Timestamp)
            .ToList();
        var table = new Table().Border(TableBorder.Rounded).Title($"anomalies found ({flagged.Count})")
            .AddColumn("host").AddColumn(new TableColumn("score").RightAligned()).AddColumn(new TableColumn("threshold").RightAligned())
            .AddColumn("injected").AddColumn("line").AddColumn("why");
        foreach (var (host, line, verdict) in flagged.Take(maxRows))
        {
            table.AddRow(
                Markup.Escape(host),
                F(verdict.Score),
                F(verdict.Threshold),
                line.IsAnomaly ? Markup.Escape(SyntheticAnomalyKindNames.ToName(line.Anomaly)) : "[yellow]no[/]",
                Markup.Escape(Shorten($"{line.Level ?? "-"} {line.Program}: {line.Text}", 90)),
                Markup.Escape(string.Join("; ", verdict.Explanation.Reasons.Take(2))));
        }

        console.Write(table);
        if (flagged.Count > maxRows)
        {
            console.MarkupLine($"({flagged.Count - maxRows} more not shown)");
        }
    }

    // What an evaluator asks next: why the detector let an injected line through, in the same figures it flags by.
    private static void PrintMissed(IAnsiConsole console, List<HostResult> results, int maxRows)
    {
        var missed = results.SelectMany(r => r.Scored.Where(s => s.Line.IsAnomaly && !s.Verdict.IsAnomaly).Select(s => (r.Host, s.Line, s.Verdict)))
            .OrderBy(f => f.Line.Timestamp)
            .ToList();
        var table = new Table().Border(TableBorder.Rounded).Title($"injected lines missed ({missed.Count})")
            .AddColumn("host").AddColumn(new TableColumn("score").RightAligned()).AddColumn(new TableColumn("threshold").RightAligned())
            .AddColumn("injected").AddColumn("line").AddColumn("reasons it had");
        foreach (var (host, line, verdict) in missed.Take(maxRows))
        {
            table.AddRow(
                Markup.Escape(host),
                F(verdict.Score),
                F(verdict.Threshold),
                Markup.Escape(SyntheticAnomalyKindNames.ToName(line.Anomaly)),
                Markup.Escape(Shorten($"{line.Level ?? "-"} {line.Program}: {line.Text}", 90)),
                Markup.Escape(string.Join("; ", verdict.Explanation.Reasons.Take(2))));
        }

        console.Write(table);
        if (missed.Count > maxRows)
        {
            console.MarkupLine($"({missed.Count - maxRows} more not shown)");
        }
    }

    private static void PrintSummary(IAnsiConsole console, List<HostResult> results, string modelKind)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"against the injected labels (model {Markup.Escape(modelKind)})")
            .AddColumn("host").AddColumn(new TableColumn("history").RightAligned()).AddColumn(new TableColumn("scored").RightAligned())
            .AddColumn(new TableColumn("threshold / routine").RightAligned()).AddColumn(new TableColumn("injected").RightAligned())
            .AddColumn(new TableColumn("flagged").RightAligned()).AddColumn(new TableColumn("caught").RightAligned())
            .AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned());
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Host), N(r.History), N(r.Scored.Count), ThresholdsText.Of(r.Threshold, r.RoutineThreshold, "0.000"), N(r.Injected), N(r.Flagged), N(r.Caught),
                F(r.Precision), F(r.Recall));
        }

        var total = new HostResult("all", results.Sum(r => r.History), double.NaN, double.NaN, results.SelectMany(r => r.Scored).ToList(), []);
        table.AddRow("[bold]all[/]", N(total.History), N(total.Scored.Count), "", N(total.Injected), N(total.Flagged), N(total.Caught),
            F(total.Precision), F(total.Recall));
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overall precision {total.Precision:0.000} recall {total.Recall:0.000} ({total.Caught} of {total.Injected} injected, {total.Flagged - total.Caught} false alarms)"));
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record HostResult(
        string Host, int History, double Threshold, double RoutineThreshold, List<(SyntheticLine Line, AnomalyVerdict Verdict)> Scored, List<VolumeFinding> Volume)
    {
        public int Injected => Scored.Count(s => s.Line.IsAnomaly);

        public int Flagged => Scored.Count(s => s.Verdict.IsAnomaly);

        public int Caught => Scored.Count(s => s.Verdict.IsAnomaly && s.Line.IsAnomaly);

        public double Precision => Flagged == 0 ? 0 : (double)Caught / Flagged;

        public double Recall => Injected == 0 ? 0 : (double)Caught / Injected;

        /// <summary>Each injected fault (a run of injected lines of one kind), whether any of its lines was flagged.</summary>
        public IEnumerable<bool> Faults
        {
            get
            {
                bool? current = null;
                var previous = SyntheticAnomalyKind.None;
                foreach (var (line, verdict) in Scored)
                {
                    if (line.Anomaly != previous && current is { } done)
                    {
                        yield return done;
                        current = null;
                    }

                    if (line.IsAnomaly)
                    {
                        current = (current ?? false) || verdict.IsAnomaly;
                    }

                    previous = line.Anomaly;
                }

                if (current is { } last)
                {
                    yield return last;
                }
            }
        }
    }
}

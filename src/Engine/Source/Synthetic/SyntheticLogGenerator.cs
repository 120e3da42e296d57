namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// Generates several hosts' syslog-style lines with labelled anomalies. Each host runs its own mix of programs
/// with its own frequency skew; anomalies are injected only after <see cref="SyntheticLogOptions.CleanFraction"/>
/// of its lines, one kind after another (unseen error, abnormal parameter, wrong program, error burst); optionally with
/// web churn (new pages and agents every hour) and incidents inside the clean part that recur later.
/// The output is a pure function of the options.
/// </summary>
public static class SyntheticLogGenerator
{
    private const int BurstLength = 4;

    private static readonly SyntheticAnomalyKind[] KindCycle =
    [
        SyntheticAnomalyKind.UnseenError,
        SyntheticAnomalyKind.AbnormalParameter,
        SyntheticAnomalyKind.WrongProgram,
        SyntheticAnomalyKind.ErrorBurst,
    ];

    /// <summary>All hosts' lines merged in time order.</summary>
    public static IReadOnlyList<SyntheticLine> Generate(SyntheticLogOptions options)
    {
        options.Validate();
        var all = new List<SyntheticLine>(options.Hosts * options.LinesPerHost);
        for (var h = 0; h < options.Hosts; h++)
        {
            all.AddRange(GenerateHost(options, h));
        }

        // Stable sort keeps each host's own order when two hosts write in the same millisecond.
        var merged = all.Select((line, index) => (line, index))
            .OrderBy(x => x.line.Timestamp)
            .ThenBy(x => x.index)
            .Select(x => x.line)
            .ToList();
        return SyntheticScenarios.Apply(merged, options);
    }

    private static List<SyntheticLine> GenerateHost(SyntheticLogOptions options, int hostIndex)
    {
        var random = new Random(unchecked((options.Seed * 7919) + hostIndex));
        var host = $"host-{hostIndex + 1:00}";
        var fields = new FieldSampler(random);
        var optional = SyntheticCatalog.Optional.OrderBy(_ => random.Next()).Take(2 + random.Next(2)).ToList();
        if (options.FreshWebValuesPerHour > 0 && optional.All(p => p.Name != "nginx"))
        {
            optional.Add(SyntheticCatalog.Optional.First(p => p.Name == "nginx"));
        }

        var programs = SyntheticCatalog.Core.Concat(optional).ToList();
        var pids = programs.ToDictionary(p => p.Name, _ => random.Next(300, 30000));
        var mix = BuildMix(programs, random);
        var plan = PlanAnomalies(options, random);
        var incident = options.HistoryIncidents > 0 ? UnseenError(random) : default((ProgramProfile, MessageTemplate, string?, string)?);
        PlanHistoryIncidents(options, plan, random);

        var lines = new List<SyntheticLine>(options.LinesPerHost);
        var time = options.Start.AddMilliseconds(random.Next(0, 1000));
        (ProgramProfile Program, MessageTemplate Template)? burst = null;
        var hour = 0;
        for (var i = 0; i < options.LinesPerHost; i++)
        {
            time = time.AddMilliseconds(Math.Round(-Math.Log(1 - random.NextDouble()) * 2000));
            if (options.FreshWebValuesPerHour > 0 && (int)(time - options.Start).TotalHours >= hour)
            {
                fields.AddFreshWebValues(options.FreshWebValuesPerHour);
                hour++;
            }

            var kind = plan[i];
            var (program, template, abnormalField, level) = kind switch
            {
                SyntheticAnomalyKind.None => Normal(mix, random),
                SyntheticAnomalyKind.UnseenError => incident ?? UnseenError(random),
                SyntheticAnomalyKind.AbnormalParameter => AbnormalParameter(programs, random),
                SyntheticAnomalyKind.WrongProgram => WrongProgram(programs, random),
                _ => Burst(programs, ref burst, random),
            };

            if (kind != SyntheticAnomalyKind.ErrorBurst)
            {
                burst = null;
            }

            var pid = pids.TryGetValue(program.Name, out var stable) && !program.NewPidPerLine ? stable : random.Next(1000, 40000);
            lines.Add(new SyntheticLine(
                time,
                host,
                program.Name,
                pid,
                options.WithLevels ? level : null,
                fields.Render(template.Format, abnormalField),
                kind));
        }

        return lines;
    }

    private static List<(ProgramProfile Program, MessageTemplate Template, double Cumulative)> BuildMix(
        List<ProgramProfile> programs, Random random)
    {
        var mix = new List<(ProgramProfile, MessageTemplate, double)>();
        var total = 0.0;
        foreach (var program in programs)
        {
            // Each host skews the common messages its own way; rare messages stay rare.
            var hostFactor = 0.4 + (random.NextDouble() * 1.6);
            foreach (var template in program.Templates)
            {
                total += template.Weight >= 5 ? template.Weight * hostFactor : template.Weight;
                mix.Add((program, template, total));
            }
        }

        return mix.Select(m => (m.Item1, m.Item2, m.Item3 / total)).ToList();
    }

    private static SyntheticAnomalyKind[] PlanAnomalies(SyntheticLogOptions options, Random random)
    {
        var plan = new SyntheticAnomalyKind[options.LinesPerHost];
        var events = new List<(SyntheticAnomalyKind Kind, int Length)>();
        for (var remaining = options.AnomaliesPerHost; remaining > 0;)
        {
            var kind = KindCycle[events.Count % KindCycle.Length];
            var length = kind == SyntheticAnomalyKind.ErrorBurst ? Math.Min(BurstLength, remaining) : 1;
            events.Add((kind, length));
            remaining -= length;
        }

        if (events.Count == 0)
        {
            return plan;
        }

        // One event per equal segment of the anomaly region, at a random offset that keeps it inside.
        var first = (int)Math.Ceiling(options.LinesPerHost * options.CleanFraction);
        var segment = (options.LinesPerHost - first) / events.Count;
        for (var e = 0; e < events.Count; e++)
        {
            var (kind, length) = events[e];
            var start = first + (e * segment) + random.Next(0, Math.Max(1, segment - length + 1));
            for (var k = 0; k < length; k++)
            {
                plan[start + k] = kind;
            }
        }

        return plan;
    }

    /// <summary>Bursts of <see cref="BurstLength"/> unseen-error lines at random places in the middle of the clean part.</summary>
    private static void PlanHistoryIncidents(SyntheticLogOptions options, SyntheticAnomalyKind[] plan, Random random)
    {
        var clean = (int)Math.Ceiling(options.LinesPerHost * options.CleanFraction);
        var segment = clean / (options.HistoryIncidents + 1);
        for (var e = 0; e < options.HistoryIncidents; e++)
        {
            var start = ((e + 1) * segment) - random.Next(0, segment / 2);
            for (var k = 0; k < BurstLength; k++)
            {
                plan[start + k] = SyntheticAnomalyKind.UnseenError;
            }
        }
    }

    private static (ProgramProfile, MessageTemplate, string?, string) Normal(
        List<(ProgramProfile Program, MessageTemplate Template, double Cumulative)> mix, Random random)
    {
        var u = random.NextDouble();
        foreach (var (program, template, cumulative) in mix)
        {
            if (u < cumulative)
            {
                return (program, template, null, template.Level);
            }
        }

        var last = mix[^1];
        return (last.Program, last.Template, null, last.Template.Level);
    }

    private static (ProgramProfile, MessageTemplate, string?, string) UnseenError(Random random)
    {
        var (name, template) = SyntheticCatalog.UnseenErrors[random.Next(SyntheticCatalog.UnseenErrors.Count)];
        return (new ProgramProfile(name, false, [template]), template, null, template.Level);
    }

    private static (ProgramProfile, MessageTemplate, string?, string) AbnormalParameter(List<ProgramProfile> programs, Random random)
    {
        var candidates = programs
            .SelectMany(p => p.Templates.Where(t => t.Weight >= 5 && t.AbnormalField is not null).Select(t => (p, t)))
            .ToList();
        var (program, template) = candidates[random.Next(candidates.Count)];
        return (program, template, template.AbnormalField, template.Level);
    }

    private static (ProgramProfile, MessageTemplate, string?, string) WrongProgram(List<ProgramProfile> programs, Random random)
    {
        var common = programs.SelectMany(p => p.Templates.Where(t => t.Weight >= 5).Select(t => (p, t))).ToList();
        var (owner, template) = common[random.Next(common.Count)];
        var others = programs.Where(p => p != owner).ToList();
        return (others[random.Next(others.Count)], template, null, template.Level);
    }

    private static (ProgramProfile, MessageTemplate, string?, string) Burst(
        List<ProgramProfile> programs, ref (ProgramProfile Program, MessageTemplate Template)? burst, Random random)
    {
        // A burst repeats one rare warning at error level, so every line of it shares program and message.
        if (burst is null)
        {
            var rare = programs
                .SelectMany(p => p.Templates.Where(t => t.Level == "WARN").Select(t => (p, t)))
                .ToList();
            burst = rare[random.Next(rare.Count)];
        }

        return (burst.Value.Program, burst.Value.Template, null, "ERROR");
    }
}

namespace Lad.Engine.Source.Synthetic;

/// <summary>Plants the timed scenarios of <see cref="SyntheticLogOptions.TimedScenarios"/> into generated lines: a host
/// falling silent for ten minutes, a routine line repeated 60 times in half a minute, and one never-seen error on up to
/// three hosts at once, in that order in the part after the clean history.</summary>
/// <remarks>Times come from the options alone (a host writes a line every 2 s on average), so <see cref="Plan"/> tells
/// what was planted without the lines.</remarks>
public static class SyntheticScenarios
{
    private const double MeanGapSeconds = 2;
    private const int SurgeLines = 60;
    private static readonly TimeSpan Silence = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SurgeSpan = TimeSpan.FromSeconds(30);

    /// <summary>What <see cref="Apply"/> plants for <paramref name="options"/>; empty when scenarios are off.</summary>
    /// <param name="options">The generator's options.</param>
    public static IReadOnlyList<SyntheticScenario> Plan(SyntheticLogOptions options)
    {
        if (!options.TimedScenarios)
        {
            return [];
        }

        var span = TimeSpan.FromSeconds(options.LinesPerHost * MeanGapSeconds);
        var silentAt = options.Start + (span * 0.7);
        var surgeAt = options.Start + (span * 0.8);
        var faultAt = options.Start + (span * 0.9);
        var faultHosts = Enumerable.Range(1, Math.Min(3, options.Hosts)).Select(HostName).ToList();
        return
        [
            new(SyntheticScenarioKind.HostSilent, [HostName(1)], silentAt, silentAt + Silence),
            new(SyntheticScenarioKind.TemplateSurge, [HostName(Math.Min(2, options.Hosts))], surgeAt, surgeAt + SurgeSpan),
            new(SyntheticScenarioKind.FaultOnManyHosts, faultHosts, faultAt, faultAt + TimeSpan.FromSeconds(2 * faultHosts.Count)),
        ];
    }

    /// <summary>The lines with the scenarios planted, in time order.</summary>
    /// <param name="lines">The generated lines of all hosts, in time order.</param>
    /// <param name="options">The generator's options.</param>
    public static IReadOnlyList<SyntheticLine> Apply(IReadOnlyList<SyntheticLine> lines, SyntheticLogOptions options)
    {
        var plan = Plan(options);
        if (plan.Count == 0)
        {
            return lines;
        }

        var silent = plan.Single(s => s.Kind == SyntheticScenarioKind.HostSilent);
        var result = lines.Where(l => !(l.Host == silent.Hosts[0] && l.Timestamp >= silent.From && l.Timestamp < silent.To)).ToList();

        // The surge repeats the surging host's most frequent normal line of its history: routine by construction.
        var surge = plan.Single(s => s.Kind == SyntheticScenarioKind.TemplateSurge);
        var routine = lines.Where(l => l.Host == surge.Hosts[0] && !l.IsAnomaly && l.Timestamp < surge.From)
            .GroupBy(l => l.Program + " " + Shape(l.Text))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First()
            .Last();
        result.AddRange(Enumerable.Range(0, SurgeLines).Select(i =>
            routine with { Timestamp = surge.From + (SurgeSpan * i / SurgeLines) }));

        var fault = plan.Single(s => s.Kind == SyntheticScenarioKind.FaultOnManyHosts);
        var (program, template) = SyntheticCatalog.UnseenErrors[Math.Abs(options.Seed % SyntheticCatalog.UnseenErrors.Count)];
        var text = new FieldSampler(new Random(options.Seed)).Render(template.Format, null);
        result.AddRange(fault.Hosts.Select((host, i) => new SyntheticLine(
            fault.From + TimeSpan.FromSeconds(2 * i), host, program, 4242 + i, options.WithLevels ? template.Level : null, text,
            SyntheticAnomalyKind.UnseenError)));

        return [.. result.Select((line, index) => (line, index)).OrderBy(x => x.line.Timestamp).ThenBy(x => x.index).Select(x => x.line)];
    }

    private static string HostName(int number) => $"host-{number:00}";

    // Lines of one template differ in their digits; the rest is the template.
    private static string Shape(string text) => new([.. text.Where(c => !char.IsAsciiDigit(c))]);
}

using System.Globalization;
using Lad.Engine.Persistence;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// What training showed about lines in context, grouped as the stream scorer groups them (sessions by key, else
/// host streams): how many times each template occurred within one session, and which template followed which
/// within a session or host stream (including which templates open a session). Read-only once learned.
/// </summary>
internal sealed class ContextProfile
{
    /// <summary>
    /// Version 3 takes a host stream's steps within the process a line's syslog tag names. Versions 1 and 2 took them
    /// across the host's processes, so their transitions answer another question and are refused (the host retrains);
    /// version 2 added each repeat histogram's expectations for sessions the history's end cut off.
    /// </summary>
    private const int PayloadVersion = 3;

    private readonly Dictionary<int, RepeatHistogram> _repeats;

    // The closed transition counters as scoring reads them, by template id; the open-ended ones (too many steps to
    // say anything of one) only by their observations, which is all saving needs of them.
    private readonly Dictionary<int, TransitionCounts> _stepsFrom;
    private readonly Dictionary<int, TransitionCounts> _stepsInto;
    private readonly Dictionary<int, long> _openFrom;
    private readonly Dictionary<int, long> _openInto;

    // The rarity of every step training sessions took, by StepKey: a session's line nearly always takes one, and its
    // rarity (up to three logarithms and three look-ups) is then fixed once the profile is learned.
    private readonly Dictionary<long, double> _sessionSteps = [];

    internal ContextProfile(Dictionary<int, RepeatHistogram> repeats, Dictionary<int, ValueCounter> successors, Dictionary<int, ValueCounter> predecessors)
    {
        _repeats = repeats;
        _stepsFrom = ClosedSteps(successors);
        _stepsInto = ClosedSteps(predecessors);
        _openFrom = OpenSteps(successors);
        _openInto = OpenSteps(predecessors);
        foreach (var (previous, next) in _stepsFrom)
        {
            if (previous == ContextState.Unknown)
            {
                continue;
            }

            foreach (var template in next.Steps)
            {
                _sessionSteps[StepKey(previous, template)] = StepRarity(next, previous, template, isSession: true);
            }
        }
    }

    private static long StepKey(int previous, int template) => ((long)previous << 32) | (uint)template;

    private static Dictionary<int, TransitionCounts> ClosedSteps(Dictionary<int, ValueCounter> transitions) =>
        transitions.Where(p => !p.Value.IsOpen).ToDictionary(p => p.Key, p => TransitionCounts.Of(p.Value));

    private static Dictionary<int, long> OpenSteps(Dictionary<int, ValueCounter> transitions) =>
        transitions.Where(p => p.Value.IsOpen).ToDictionary(p => p.Key, p => p.Value.Observations);

    /// <summary>A profile that knows nothing, so it never adds evidence.</summary>
    public static ContextProfile Empty { get; } = new([], [], []);

    /// <summary>
    /// Learns from the history in order; <paramref name="templateIds"/> holds each line's template (or
    /// <see cref="ContextState.Unknown"/>). <paramref name="hasEnded"/> tells whether a session whose last line (of
    /// the given template) lies the given number of lines before the history's end had ended; without it every session
    /// counts as ended.
    /// </summary>
    public static ContextProfile Learn(IReadOnlyList<LogRecord> history, IReadOnlyList<int> templateIds, Func<int, long, bool>? hasEnded = null)
    {
        var learner = new ContextLearner();
        for (var i = 0; i < history.Count; i++)
        {
            learner.Add(history[i], templateIds[i]);
        }

        return learner.Complete(hasEnded);
    }

    /// <summary>
    /// The strongest context evidence for a line of template <paramref name="template"/> arriving in a context in
    /// <paramref name="state"/> (before the line is added to it), its step taken from the session's last line or, in a
    /// host stream, from the last line of its <paramref name="process"/> (<see cref="ContextState.PreviousOf"/>), or null
    /// when its context looks like training. Without <paramref name="explain"/> the finding's reason is left empty: most
    /// findings only score a line that stays normal.
    /// </summary>
    public ContextFinding? Assess(ContextState state, bool isSession, ulong process, int template, Func<int, string> textOf, bool explain)
    {
        if (template == ContextState.Unknown)
        {
            return null;
        }

        ContextFinding? best = null;
        if (isSession && _repeats.TryGetValue(template, out var repeats))
        {
            var occurrence = state.CountOf(template) + 1;
            var rarity = repeats.RarityOf(occurrence);
            if (rarity > 0)
            {
                best = new ContextFinding(
                    rarity, explain ? RepeatReason(template, occurrence, repeats, repeats.ExpectedSessionsWithAtLeast(occurrence), textOf) : Unexplained);
            }
        }

        var previous = state.PreviousOf(process);
        TransitionCounts? next = null;
        var stepRarity = isSession && _sessionSteps.TryGetValue(StepKey(previous, template), out var known) ? known
            : (isSession || previous != ContextState.Start) && previous != ContextState.Unknown && _stepsFrom.TryGetValue(previous, out next)
                ? StepRarity(next, previous, template, isSession)
                : 0;
        if (stepRarity > 0 && (best is null || stepRarity > best.Value.Value))
        {
            next ??= _stepsFrom[previous];
            best = new ContextFinding(
                stepRarity, explain ? StepReason(template, previous, isSession, next.CountOf(template), next, next.Predictability, textOf) : Unexplained);
        }

        return best;
    }

    /// <summary>
    /// The rarity of the step from <paramref name="previous"/> (whose steps are <paramref name="next"/>) into
    /// <paramref name="template"/>, in a session or a host stream.
    /// </summary>
    private double StepRarity(TransitionCounts next, int previous, int template, bool isSession)
    {
        // A step is only as telling as the step after the previous template is predictable: where independent
        // work interleaves (a host stream of many programs), no successor dominates and order says little.
        var rarity = RarityOf(next.CountOf(template), next.Observations, isSession ? previous : ContextState.Start) * next.Predictability;
        // A rare template arrives after rare steps by nature; the step is odd only if it is rare for this
        // template too (its rarity is already evidence of its own).
        if (_stepsInto.TryGetValue(template, out var before))
        {
            rarity = Math.Min(rarity, RarityOf(before.CountOf(previous), before.Observations, isSession ? template : ContextState.Start));
        }

        return rarity;
    }

    /// <summary>The reason of a finding made only to score a line.</summary>
    private const string Unexplained = "";

    private static string RepeatReason(int template, int occurrence, RepeatHistogram repeats, double expected, Func<int, string> textOf)
    {
        var reached = repeats.SessionsWithAtLeast(occurrence);
        var tail = expected > reached
            ? $"; counting the sessions the history's end cut off and the fall-off of the top counts, 1 in {repeats.Sessions / expected:0} sessions"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Ordinal(occurrence)} '{textOf(template)}' in this session; {reached} of the {repeats.Sessions} training sessions with it had that many (at most {repeats.Max}{tail})");
    }

    private static string StepReason(
        int template, int previous, bool isSession, long seen, TransitionCounts next, double predictability, Func<int, string> textOf)
    {
        var after = previous == ContextState.Start ? "opening a session" : $"right after '{textOf(previous)}'";
        var usual = textOf(int.Parse(next.MostFrequent, CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture,
            $"'{textOf(template)}' {after} happened {seen} times in {next.Observations} such steps of training {(isSession ? "sessions" : "streams")} (usually '{usual}', {predictability:0%} of them)");
    }

    /// <summary>
    /// The rarity of a step seen <paramref name="seen"/> times among <paramref name="observations"/> steps from or into
    /// a template. Steps within one session are not independent (a session that reads a block three times takes the
    /// same steps three times), so where the steps are a session template's, the evidence is weighed as if from the
    /// number of training sessions holding that template (the share stays): steps of a template few sessions held
    /// cannot show that a step is rare.
    /// </summary>
    private double RarityOf(long seen, long observations, int sessionTemplate)
    {
        if (sessionTemplate != ContextState.Start && _repeats.TryGetValue(sessionTemplate, out var holding) && holding.Sessions < observations)
        {
            var share = (double)holding.Sessions / observations;
            return ContextRarity.Of(seen * share, holding.Sessions);
        }

        return ContextRarity.Of(seen, observations);
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(_repeats.Count);
        foreach (var (template, histogram) in _repeats.OrderBy(p => p.Key))
        {
            writer.Write(template);
            histogram.WriteTo(writer);
        }

        WriteTransitions(writer, _stepsFrom, _openFrom);
        WriteTransitions(writer, _stepsInto, _openInto);
    }

    /// <summary>Reads a profile written by <see cref="WriteTo"/>; <paramref name="isTemplate"/> tells known template ids.</summary>
    public static ContextProfile ReadFrom(ModelReader reader, Func<int, bool> isTemplate)
    {
        var version = reader.ReadInt32();
        if (version is 1 or 2)
        {
            throw new ModelFormatException(
                $"context profile version {version} took a host stream's steps across its processes; this build takes them within each process (version {PayloadVersion}): retrain the host");
        }

        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"context profile version {version} is not supported (this build reads {PayloadVersion})");
        }

        var repeats = new Dictionary<int, RepeatHistogram>();
        var repeatCount = reader.ReadCount("context repeat histograms", 8);
        for (var i = 0; i < repeatCount; i++)
        {
            var template = reader.ReadInt32();
            var histogram = RepeatHistogram.ReadFrom(reader);
            if (!isTemplate(template) || histogram.Sessions < 1 || !repeats.TryAdd(template, histogram))
            {
                throw new ModelFormatException($"model file: the context repeat histogram of template {template} is invalid or repeated");
            }
        }

        var successors = ReadTransitions(reader, "transitions from", isTemplate);
        var predecessors = ReadTransitions(reader, "transitions into", isTemplate);
        return new ContextProfile(repeats, successors, predecessors);
    }

    private static void WriteTransitions(ModelWriter writer, Dictionary<int, TransitionCounts> closed, Dictionary<int, long> open)
    {
        writer.Write(closed.Count + open.Count);
        foreach (var template in closed.Keys.Concat(open.Keys).Order())
        {
            writer.Write(template);
            if (closed.TryGetValue(template, out var steps))
            {
                ValueCounter.Write(writer, steps.Observations, open: false, steps.Counted);
            }
            else
            {
                ValueCounter.Write(writer, open[template], open: true, []);
            }
        }
    }

    /// <summary>Reads transition counters keyed by a template (or the session start) whose values are template ids.</summary>
    private static Dictionary<int, ValueCounter> ReadTransitions(ModelReader reader, string what, Func<int, bool> isTemplate)
    {
        var transitions = new Dictionary<int, ValueCounter>();
        var count = reader.ReadCount($"context {what}", 10);
        for (var i = 0; i < count; i++)
        {
            var template = reader.ReadInt32();
            var counter = ValueCounter.ReadFrom(reader);
            var valid = (counter.IsOpen || counter.TopValues(1).Any()) && counter.TopValues(int.MaxValue).All(v =>
                int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && (id == ContextState.Start || isTemplate(id)));
            if (!valid || (template != ContextState.Start && !isTemplate(template)) || !transitions.TryAdd(template, counter))
            {
                throw new ModelFormatException($"model file: the context {what} template {template} are invalid or repeated");
            }
        }

        return transitions;
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}

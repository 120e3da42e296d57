using System.Globalization;
using Lad.Engine.Persistence;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// What training showed about lines in context, grouped as the stream scorer groups them (sessions by key, else
/// host streams): the most times each template occurred within one session, and which template followed which
/// within a session or host stream (including which templates open a session). Read-only once learned.
/// </summary>
internal sealed class ContextProfile
{
    /// <summary>Training sessions at which a repeat limit is trusted half-way; fewer say little.</summary>
    public const double ConfidenceSessions = 10;

    private const int PayloadVersion = 1;

    private readonly Dictionary<int, RepeatLimit> _repeats;
    private readonly Dictionary<int, ValueCounter> _successors;

    private ContextProfile(Dictionary<int, RepeatLimit> repeats, Dictionary<int, ValueCounter> successors)
    {
        _repeats = repeats;
        _successors = successors;
    }

    /// <summary>A profile that knows nothing, so it never adds evidence.</summary>
    public static ContextProfile Empty { get; } = new([], []);

    /// <summary>Learns from the history in order; <paramref name="templateIds"/> holds each line's template (or <see cref="ContextState.Unknown"/>).</summary>
    public static ContextProfile Learn(IReadOnlyList<LogRecord> history, IReadOnlyList<int> templateIds)
    {
        var states = new Dictionary<ContextKey, ContextState>();
        var successors = new Dictionary<int, ValueCounter>();
        for (var i = 0; i < history.Count; i++)
        {
            var key = ContextKey.Of(history[i]);
            if (!states.TryGetValue(key, out var state))
            {
                state = new ContextState();
                states.Add(key, state);
            }

            var previous = state.Previous;
            var template = templateIds[i];
            // A host stream's first line in training follows whatever came before the history: no transition.
            if (template != ContextState.Unknown && previous != ContextState.Unknown && (key.IsSession || previous != ContextState.Start))
            {
                if (!successors.TryGetValue(previous, out var next))
                {
                    next = new ValueCounter();
                    successors.Add(previous, next);
                }

                next.Add(template.ToString(CultureInfo.InvariantCulture));
            }

            state.Advance(template, key.IsSession);
        }

        var repeats = new Dictionary<int, RepeatLimit>();
        foreach (var (key, state) in states)
        {
            if (!key.IsSession)
            {
                continue;
            }

            foreach (var (template, count) in state.Counts)
            {
                var limit = repeats.GetValueOrDefault(template);
                repeats[template] = new RepeatLimit(Math.Max(limit.Max, count), limit.Sessions + 1);
            }
        }

        repeats.Remove(ContextState.Unknown);
        return new ContextProfile(repeats, successors);
    }

    /// <summary>
    /// The strongest context evidence for a line of template <paramref name="template"/> arriving in a context in
    /// <paramref name="state"/> (before the line is added to it), or null when its context looks like training.
    /// </summary>
    public ContextFinding? Assess(ContextState state, bool isSession, int template, Func<int, string> textOf)
    {
        if (template == ContextState.Unknown)
        {
            return null;
        }

        ContextFinding? best = null;
        if (isSession && _repeats.TryGetValue(template, out var limit))
        {
            var occurrence = state.Counts.GetValueOrDefault(template) + 1;
            if (occurrence > limit.Max)
            {
                var confidence = limit.Sessions / (limit.Sessions + ConfidenceSessions);
                best = new ContextFinding(confidence, string.Create(CultureInfo.InvariantCulture,
                    $"{Ordinal(occurrence)} '{textOf(template)}' in this session; the {limit.Sessions} training sessions with it had at most {limit.Max}"));
            }
        }

        var previous = state.Previous;
        if ((isSession || previous != ContextState.Start) && previous != ContextState.Unknown
            && _successors.TryGetValue(previous, out var next) && !next.Contains(template.ToString(CultureInfo.InvariantCulture)))
        {
            var surprise = next.NoveltySurprise();
            if (surprise > 0 && (best is null || surprise > best.Value.Value))
            {
                var after = previous == ContextState.Start ? "opening a session" : $"right after '{textOf(previous)}'";
                var seen = string.Join("', '", next.TopValues(3).Select(v => textOf(int.Parse(v, CultureInfo.InvariantCulture))));
                best = new ContextFinding(surprise, string.Create(CultureInfo.InvariantCulture,
                    $"'{textOf(template)}' {after} never happened in training {(isSession ? "sessions" : "streams")} (training saw '{seen}' there in {next.Observations} lines)"));
            }
        }

        return best;
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(_repeats.Count);
        foreach (var (template, limit) in _repeats.OrderBy(p => p.Key))
        {
            writer.Write(template);
            writer.Write(limit.Max);
            writer.Write(limit.Sessions);
        }

        writer.Write(_successors.Count);
        foreach (var (template, next) in _successors.OrderBy(p => p.Key))
        {
            writer.Write(template);
            next.WriteTo(writer);
        }
    }

    /// <summary>Reads a profile written by <see cref="WriteTo"/>; <paramref name="isTemplate"/> tells known template ids.</summary>
    public static ContextProfile ReadFrom(ModelReader reader, Func<int, bool> isTemplate)
    {
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"context profile version {version} is not supported (this build reads {PayloadVersion})");
        }

        var repeats = new Dictionary<int, RepeatLimit>();
        var repeatCount = reader.ReadCount("context repeat limits", 12);
        for (var i = 0; i < repeatCount; i++)
        {
            var template = reader.ReadInt32();
            var limit = new RepeatLimit(reader.ReadInt32(), reader.ReadInt32());
            if (!isTemplate(template) || limit.Max < 1 || limit.Sessions < 1 || !repeats.TryAdd(template, limit))
            {
                throw new ModelFormatException($"model file: the context repeat limit of template {template} is invalid or repeated");
            }
        }

        var successors = new Dictionary<int, ValueCounter>();
        var successorCount = reader.ReadCount("context transitions", 10);
        for (var i = 0; i < successorCount; i++)
        {
            var template = reader.ReadInt32();
            var next = ValueCounter.ReadFrom(reader);
            var valid = next.TopValues(int.MaxValue).All(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && isTemplate(id));
            if (!valid || (template != ContextState.Start && !isTemplate(template)) || !successors.TryAdd(template, next))
            {
                throw new ModelFormatException($"model file: the context transitions from template {template} are invalid or repeated");
            }
        }

        return new ContextProfile(repeats, successors);
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}

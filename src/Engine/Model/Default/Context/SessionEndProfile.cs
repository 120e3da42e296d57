using System.Globalization;
using Lad.Engine.Persistence;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How training sessions ended: after each template, how long sessions paused before going on and how often they
/// stopped there instead. Pauses are counted in lines of the whole stream, because a stream need not carry a clock.
/// A session still open near the end of the history is not counted as ended (it may have been cut off), so the
/// history's end never teaches that sessions stop early.
/// </summary>
internal sealed class SessionEndProfile
{
    private const int PayloadVersion = 1;

    /// <summary>The pause quantile a session must exceed, twice over, before it is taken to have ended.</summary>
    private const double PauseQuantile = 0.99;

    private readonly Dictionary<int, SessionEnding> _endings;

    private SessionEndProfile(Dictionary<int, SessionEnding> endings, long defaultIdleLines)
    {
        _endings = endings;
        DefaultIdleLines = defaultIdleLines;
    }

    /// <summary>A profile that knows no session, so it never closes one.</summary>
    public static SessionEndProfile Empty { get; } = new([], long.MaxValue);

    /// <summary>The pause after which a session ending on a template training has no figures for is taken to have ended.</summary>
    public long DefaultIdleLines { get; }

    /// <summary>Learns from the history in order; <paramref name="templateIds"/> holds each line's template (or <see cref="ContextState.Unknown"/>).</summary>
    public static SessionEndProfile Learn(IReadOnlyList<LogRecord> history, IReadOnlyList<int> templateIds)
    {
        var last = new Dictionary<string, (int Template, int Position)>(StringComparer.Ordinal);
        var pauses = new Dictionary<int, List<int>>();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Session is not { } session)
            {
                continue;
            }

            if (last.TryGetValue(session, out var previous) && previous.Template != ContextState.Unknown)
            {
                if (!pauses.TryGetValue(previous.Template, out var list))
                {
                    list = [];
                    pauses.Add(previous.Template, list);
                }

                list.Add(i - previous.Position);
            }

            last[session] = (templateIds[i], i);
        }

        if (last.Count == 0)
        {
            return Empty;
        }

        var defaultIdle = IdleAfter(pauses.Values.SelectMany(p => p).ToList(), history.Count);
        var idle = pauses.ToDictionary(p => p.Key, p => IdleAfter(p.Value, history.Count));
        var ended = new Dictionary<int, long>();
        foreach (var (template, position) in last.Values)
        {
            var idleLines = idle.GetValueOrDefault(template, defaultIdle);
            if (template != ContextState.Unknown && history.Count - 1 - position > idleLines)
            {
                ended[template] = ended.GetValueOrDefault(template) + 1;
            }
        }

        var endings = idle.Keys.Union(ended.Keys).ToDictionary(
            t => t,
            t => new SessionEnding(idle.GetValueOrDefault(t, defaultIdle), pauses.TryGetValue(t, out var p) ? p.Count : 0, ended.GetValueOrDefault(t)));
        return new SessionEndProfile(endings, defaultIdle);
    }

    /// <summary>The pause after the template beyond which a session is taken to have ended there.</summary>
    public long IdleLinesAfter(int template) =>
        _endings.TryGetValue(template, out var ending) ? ending.IdleLines : DefaultIdleLines;

    /// <summary>
    /// How unusual it is for a session to stop after <paramref name="template"/>, in [0, 1], with the sentence behind
    /// it; a session ending on a template training has no figures for gives 0 (its lines were judged as they came).
    /// </summary>
    public ContextFinding Assess(int template, long idleLines, Func<int, string> textOf)
    {
        if (!_endings.TryGetValue(template, out var ending))
        {
            return new ContextFinding(0, string.Create(CultureInfo.InvariantCulture,
                $"session ended after a line training sessions never ended on or went on from (idle {idleLines} lines)"));
        }

        return new ContextFinding(ContextRarity.Of(ending.Ended, ending.Known), string.Create(CultureInfo.InvariantCulture,
            $"session ended after '{textOf(template)}' (idle {idleLines} lines); {ending.Ended} of {ending.Known} training sessions reaching it ended there, the rest went on within {ending.IdleLines / 2} lines"));
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(DefaultIdleLines);
        writer.Write(_endings.Count);
        foreach (var (template, ending) in _endings.OrderBy(p => p.Key))
        {
            writer.Write(template);
            ending.WriteTo(writer);
        }
    }

    /// <summary>Reads a profile written by <see cref="WriteTo"/>; <paramref name="isTemplate"/> tells known template ids.</summary>
    public static SessionEndProfile ReadFrom(ModelReader reader, Func<int, bool> isTemplate)
    {
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"session end profile version {version} is not supported (this build reads {PayloadVersion})");
        }

        var defaultIdle = reader.ReadInt64();
        if (defaultIdle < 1)
        {
            throw new ModelFormatException($"model file: the session idle default {defaultIdle} is not positive");
        }

        var count = reader.ReadCount("session endings", 28);
        var endings = new Dictionary<int, SessionEnding>();
        for (var i = 0; i < count; i++)
        {
            var template = reader.ReadInt32();
            var ending = SessionEnding.ReadFrom(reader, template);
            if (!isTemplate(template) || !endings.TryAdd(template, ending))
            {
                throw new ModelFormatException($"model file: the session ending of template {template} is unknown or repeated");
            }
        }

        return count == 0 && defaultIdle == long.MaxValue ? Empty : new SessionEndProfile(endings, defaultIdle);
    }

    /// <summary>Twice the usual longest pause: a session quiet that long has stopped, not paused.</summary>
    private static long IdleAfter(List<int> pauses, int historyLines)
    {
        if (pauses.Count == 0)
        {
            return historyLines;
        }

        pauses.Sort();
        var index = (int)Math.Ceiling(PauseQuantile * pauses.Count) - 1;
        return 2L * pauses[Math.Clamp(index, 0, pauses.Count - 1)];
    }
}

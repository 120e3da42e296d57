using Lad.Engine.Parse;

namespace Lad.Engine.Volume;

/// <summary>Learns a <see cref="VolumeProfile"/> from a host's history with its times.</summary>
public static class VolumeProfileTrainer
{
    private static readonly TimeSpan SlotsByHour = TimeSpan.FromDays(3);
    private static readonly TimeSpan SlotsByWeekPart = TimeSpan.FromDays(14);

    /// <summary>Learns from <paramref name="history"/> (any order; sorted here by time, so held in memory).</summary>
    /// <param name="history">The host's lines: time (UTC) and message.</param>
    /// <param name="options">The interval to count over.</param>
    /// <param name="minerOptions">How templates are mined (as the host's model mines them).</param>
    public static VolumeProfile Train(IEnumerable<(DateTime Time, string Message)> history, VolumeOptions options, MinerOptions? minerOptions = null)
    {
        var lines = history.OrderBy(l => l.Time).ToList();
        return Train(() => lines, options, minerOptions);
    }

    /// <summary>
    /// Learns as <see cref="Train(IEnumerable{ValueTuple{DateTime, string}}, VolumeOptions, MinerOptions?)"/> from a
    /// history already in time order that is read twice (templates are learned, then lines are counted against the final
    /// ones), keeping the counts per template and interval, never the lines.
    /// </summary>
    /// <param name="readInTimeOrder">Reads the host's lines, oldest first, the same each time it is called.</param>
    /// <param name="options">The interval to count over.</param>
    /// <param name="minerOptions">How templates are mined (as the host's model mines them).</param>
    public static VolumeProfile Train(Func<IEnumerable<(DateTime Time, string Message)>> readInTimeOrder, VolumeOptions options, MinerOptions? minerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(readInTimeOrder);
        ArgumentNullException.ThrowIfNull(options);
        var miner = new TemplateMiner(minerOptions);
        var read = new ReadSpan();
        foreach (var (time, message) in readInTimeOrder())
        {
            read.Add(time);
            miner.Learn(message);
        }

        return Count(readInTimeOrder, options, miner, miner, read);
    }

    /// <summary>
    /// Counts a history already in time order by the templates of <paramref name="modelTemplates"/>, the host's model
    /// trained on the same history, in two reads (its span, then its counts) and learning nothing: the profile keeps no
    /// miner of its own and is loaded with that model (<see cref="VolumeProfile.Load"/>).
    /// </summary>
    /// <param name="readInTimeOrder">Reads the host's lines, oldest first, the same each time it is called.</param>
    /// <param name="options">The interval to count over.</param>
    /// <param name="modelTemplates">The model whose templates the profile counts by.</param>
    public static VolumeProfile Train(
        Func<IEnumerable<(DateTime Time, string Message)>> readInTimeOrder, VolumeOptions options, ITemplateMatcher modelTemplates)
    {
        ArgumentNullException.ThrowIfNull(readInTimeOrder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modelTemplates);
        var read = new ReadSpan();
        foreach (var (time, _) in readInTimeOrder())
        {
            read.Add(time);
        }

        return Count(readInTimeOrder, options, modelTemplates, ownMiner: null, read);
    }

    /// <summary>As <see cref="Train(Func{IEnumerable{ValueTuple{DateTime, string}}}, VolumeOptions, ITemplateMatcher)"/>
    /// for a history in any order (sorted here by time, so held in memory).</summary>
    /// <param name="history">The host's lines: time (UTC) and message.</param>
    /// <param name="options">The interval to count over.</param>
    /// <param name="modelTemplates">The model whose templates the profile counts by.</param>
    public static VolumeProfile Train(IEnumerable<(DateTime Time, string Message)> history, VolumeOptions options, ITemplateMatcher modelTemplates)
    {
        var lines = history.OrderBy(l => l.Time).ToList();
        return Train(() => lines, options, modelTemplates);
    }

    // The rates of the lines of a read spanning `read`, by the templates of `templates`; `ownMiner` is saved with the profile.
    private static VolumeProfile Count(
        Func<IEnumerable<(DateTime Time, string Message)>> readInTimeOrder, VolumeOptions options, ITemplateMatcher templates, TemplateMiner? ownMiner,
        ReadSpan read)
    {
        var (count, firstTime, lastTime) = (read.Lines, read.First, read.Last);
        if (count == 0)
        {
            return new VolumeProfile(options, templates, ownMiner, [], new VolumeHistory(TimeSpan.Zero, 0, RateSlots.None, TimeSpan.Zero, 0));
        }

        var first = Floor(firstTime, options.Interval);
        var span = lastTime - firstTime;
        var intervals = (int)((lastTime - first).Ticks / options.Interval.Ticks) + 1;
        var slots = span >= SlotsByWeekPart ? RateSlots.WeekPartHour : span >= SlotsByHour ? RateSlots.HourOfDay : RateSlots.None;
        var probe = new VolumeProfile(options, templates, ownMiner, [], new VolumeHistory(span, intervals, slots, TimeSpan.Zero, 0));

        // Templates merge while history is learned, so lines are matched to the final templates in this second pass.
        var counts = new Dictionary<int, Dictionary<int, int>>();
        var newcomers = new NewcomerCount(intervals);
        var longestGap = TimeSpan.Zero;
        DateTime? previous = null;
        foreach (var (time, message) in readInTimeOrder())
        {
            if (previous is { } before && time - before > longestGap)
            {
                longestGap = time - before;
            }

            previous = time;
            var id = templates.TemplateIdOf(message);
            if (id == 0)
            {
                continue;
            }

            var interval = IntervalIndex(time, first, options.Interval);
            newcomers.Add(id, interval);
            var perInterval = counts.TryGetValue(id, out var known) ? known : counts[id] = [];
            perInterval[interval] = perInterval.GetValueOrDefault(interval) + 1;
        }

        var slotCount = slots switch { RateSlots.HourOfDay => 24, RateSlots.WeekPartHour => 48, _ => 0 };
        var rates = new Dictionary<int, TemplateRate>();
        foreach (var (id, perInterval) in counts)
        {
            var perSlot = new int[slotCount];
            foreach (var (interval, lineCount) in perInterval.Where(_ => slotCount > 0))
            {
                var slot = probe.SlotOf(first + (options.Interval * interval));
                perSlot[slot] = Math.Max(perSlot[slot], lineCount);
            }

            rates[id] = new TemplateRate(
                templates.TextOf(id) ?? "", perInterval.Values.Max(), perSlot, perInterval.Count / (double)intervals);
        }

        var covered = new VolumeHistory(span, intervals, slots, longestGap, newcomers.MaxPerInterval);
        return new VolumeProfile(options, templates, ownMiner, rates, covered);
    }

    /// <summary>The start of the interval <paramref name="time"/> falls in, counting intervals from the epoch.</summary>
    /// <param name="time">A time (UTC).</param>
    /// <param name="interval">The interval length.</param>
    public static DateTime Floor(DateTime time, TimeSpan interval) =>
        new(time.Ticks - (time.Ticks % interval.Ticks), DateTimeKind.Utc);

    private static int IntervalIndex(DateTime time, DateTime first, TimeSpan interval) => (int)((time - first).Ticks / interval.Ticks);

    // The first and last times of a read in time order, and its line count.
    private sealed class ReadSpan
    {
        public int Lines { get; private set; }

        public DateTime First { get; private set; }

        public DateTime Last { get; private set; }

        public void Add(DateTime time)
        {
            First = Lines++ == 0 ? time : First;
            Last = time;
        }
    }
}

using Lad.Engine.Parse;

namespace Lad.Engine.Volume;

/// <summary>Learns a <see cref="VolumeProfile"/> from a host's history with its times.</summary>
public static class VolumeProfileTrainer
{
    private static readonly TimeSpan SlotsByHour = TimeSpan.FromDays(3);
    private static readonly TimeSpan SlotsByWeekPart = TimeSpan.FromDays(14);

    /// <summary>Learns from <paramref name="history"/> (any order; sorted here by time).</summary>
    /// <param name="history">The host's lines: time (UTC) and message.</param>
    /// <param name="options">The interval to count over.</param>
    /// <param name="minerOptions">How templates are mined (as the host's model mines them).</param>
    public static VolumeProfile Train(IEnumerable<(DateTime Time, string Message)> history, VolumeOptions options, MinerOptions? minerOptions = null)
    {
        var lines = history.OrderBy(l => l.Time).ToList();
        var miner = new TemplateMiner(minerOptions);
        foreach (var (_, message) in lines)
        {
            miner.Learn(message);
        }

        if (lines.Count == 0)
        {
            return new VolumeProfile(options, miner, [], new VolumeHistory(TimeSpan.Zero, 0, RateSlots.None, TimeSpan.Zero, 0));
        }

        // Templates merge while history is learned, so lines are matched to the final templates in a second pass.
        var ids = lines.Select(l => miner.Match(l.Message).TemplateId).ToArray();
        var first = Floor(lines[0].Time, options.Interval);
        var span = lines[^1].Time - lines[0].Time;
        var intervals = (int)((lines[^1].Time - first).Ticks / options.Interval.Ticks) + 1;
        var slots = span >= SlotsByWeekPart ? RateSlots.WeekPartHour : span >= SlotsByHour ? RateSlots.HourOfDay : RateSlots.None;
        var probe = new VolumeProfile(options, miner, [], new VolumeHistory(span, intervals, slots, TimeSpan.Zero, 0));

        var counts = new Dictionary<int, Dictionary<int, int>>();
        var longestGap = TimeSpan.Zero;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && lines[i].Time - lines[i - 1].Time > longestGap)
            {
                longestGap = lines[i].Time - lines[i - 1].Time;
            }

            if (ids[i] == 0)
            {
                continue;
            }

            var interval = IntervalIndex(lines[i].Time, first, options.Interval);
            var perInterval = counts.TryGetValue(ids[i], out var known) ? known : counts[ids[i]] = [];
            perInterval[interval] = perInterval.GetValueOrDefault(interval) + 1;
        }

        var slotCount = slots switch { RateSlots.HourOfDay => 24, RateSlots.WeekPartHour => 48, _ => 0 };
        var rates = new Dictionary<int, TemplateRate>();
        foreach (var (id, perInterval) in counts)
        {
            var perSlot = new int[slotCount];
            foreach (var (interval, count) in perInterval.Where(_ => slotCount > 0))
            {
                var slot = probe.SlotOf(first + (options.Interval * interval));
                perSlot[slot] = Math.Max(perSlot[slot], count);
            }

            rates[id] = new TemplateRate(
                miner.GetTemplate(id)?.Text ?? "", perInterval.Values.Max(), perSlot, perInterval.Count / (double)intervals);
        }

        var covered = new VolumeHistory(span, intervals, slots, longestGap, MaxNewPerInterval(lines, ids, first, options.Interval, intervals));
        return new VolumeProfile(options, miner, rates, covered);
    }

    /// <summary>The start of the interval <paramref name="time"/> falls in, counting intervals from the epoch.</summary>
    /// <param name="time">A time (UTC).</param>
    /// <param name="interval">The interval length.</param>
    public static DateTime Floor(DateTime time, TimeSpan interval) =>
        new(time.Ticks - (time.Ticks % interval.Ticks), DateTimeKind.Utc);

    private static int IntervalIndex(DateTime time, DateTime first, TimeSpan interval) => (int)((time - first).Ticks / interval.Ticks);

    // Replays history in time order: a template's first line is a newcomer. Only the second half counts, as the first
    // half of any history is all newcomers.
    private static int MaxNewPerInterval(List<(DateTime Time, string Message)> lines, int[] ids, DateTime first, TimeSpan interval, int intervals)
    {
        var seen = new HashSet<int>();
        var perInterval = new Dictionary<int, int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (ids[i] != 0 && seen.Add(ids[i]))
            {
                var index = IntervalIndex(lines[i].Time, first, interval);
                if (index >= intervals / 2)
                {
                    perInterval[index] = perInterval.GetValueOrDefault(index) + 1;
                }
            }
        }

        return perInterval.Count == 0 ? 0 : perInterval.Values.Max();
    }
}

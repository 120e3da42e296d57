using System.Globalization;

namespace Lad.Engine.Volume;

/// <summary>Watches a host's live lines against its <see cref="VolumeProfile"/>: counts each interval and, when it
/// closes, reports templates surging or vanishing and floods of never-seen templates; on the clock, reports the host
/// falling silent for longer than history ever was.</summary>
/// <remarks>Lines are counted in the interval their time falls in; a line dated before the open interval counts in
/// it (intervals are never reopened). One instance per host; not thread-safe.</remarks>
public sealed class VolumeMonitor
{
    private readonly VolumeProfile _profile;
    private readonly TimeSpan _interval;
    private readonly Dictionary<int, int> _counts = [];
    private readonly Dictionary<int, int> _absentFor = [];
    private readonly Dictionary<int, int> _absentLimit;
    private DateTime? _open;
    private int _lines;
    private int _newcomers;
    private DateTime? _lastLine;
    private bool _silenceReported;

    /// <summary>What the host's history showed.</summary>
    public VolumeProfile Profile => _profile;

    /// <summary>Starts watching with nothing counted.</summary>
    /// <param name="profile">What the host's history showed.</param>
    public VolumeMonitor(VolumeProfile profile)
    {
        _profile = profile;
        _interval = profile.Options.Interval;
        _absentLimit = profile.Rates
            .Where(r => r.Value.PresentShare >= VolumeOptions.RoutineShare)
            .ToDictionary(r => r.Key, r => AbsentLimit(r.Value.PresentShare, profile.History.Intervals));
    }

    /// <summary>How many consecutive empty intervals make a routine template present in <paramref name="presentShare"/>
    /// of <paramref name="intervals"/> history intervals vanished: the run its absence rate makes rarer than
    /// <see cref="VolumeOptions.VanishedChance"/> (at least 2, as the edges of an interval split bursts).</summary>
    /// <remarks>The absence rate is taken at its upper bound, the observed share plus 3 / intervals (the rule of three:
    /// never absent in 30 intervals still allows about one absence in 10), so a short history does not call a template
    /// that was merely always seen so far gone after two quiet intervals.</remarks>
    /// <param name="presentShare">The share of history's intervals holding the template.</param>
    /// <param name="intervals">How many intervals history held.</param>
    public static int AbsentLimit(double presentShare, int intervals)
    {
        var absence = Math.Min(1, 1 - presentShare + (3.0 / Math.Max(1, intervals)));
        return absence >= 1
            ? int.MaxValue
            : Math.Max(2, (int)Math.Ceiling(Math.Log(VolumeOptions.VanishedChance) / Math.Log(absence)));
    }

    /// <summary>Counts one line; reports what the intervals it closed showed.</summary>
    /// <param name="time">The line's time (UTC).</param>
    /// <param name="message">The line.</param>
    public IReadOnlyList<VolumeFinding> Observe(DateTime time, string message)
    {
        var findings = CloseBefore(time);
        _open ??= VolumeProfileTrainer.Floor(time, _interval);
        _lines++;
        var id = _profile.TemplateIdOf(message);
        if (id != 0 && _profile.Rates.ContainsKey(id))
        {
            _counts[id] = _counts.GetValueOrDefault(id) + 1;
        }
        else
        {
            _newcomers++;
        }

        if (_lastLine is null || time > _lastLine)
        {
            _lastLine = time;
        }

        _silenceReported = false;
        return findings;
    }

    /// <summary>Moves the clock: closes the intervals that ended before <paramref name="now"/> less one interval (lines
    /// may still be on their way) and reports a silence longer than history's longest.</summary>
    /// <param name="now">The current time (UTC).</param>
    public IReadOnlyList<VolumeFinding> Advance(DateTime now)
    {
        var findings = CloseBefore(now - _interval);
        var limit = SilenceLimit;
        if (_profile.Enabled && _lastLine is { } last && now - last > limit && !_silenceReported)
        {
            _silenceReported = true;
            findings.Add(new VolumeFinding(
                VolumeFindingKind.Silent, last, null, (now - last).TotalSeconds, _profile.History.LongestGap.TotalSeconds,
                $"no lines for {DurationText.Of(now - last)}; the longest gap in {DurationText.Of(_profile.History.Span)} of history was {DurationText.Of(_profile.History.LongestGap)}"));
        }

        return findings;
    }

    /// <summary>How long the host may be silent before it is reported: twice history's longest gap, and at least two
    /// intervals.</summary>
    public TimeSpan SilenceLimit => TimeSpan.FromTicks(Math.Max(2 * _profile.History.LongestGap.Ticks, 2 * _interval.Ticks));

    private List<VolumeFinding> CloseBefore(DateTime time)
    {
        var findings = new List<VolumeFinding>();
        while (_open is { } open && open + _interval <= time)
        {
            if (_profile.Enabled)
            {
                Judge(open, findings);
            }

            _counts.Clear();
            _lines = 0;
            _newcomers = 0;
            // Empty intervals between the last line and the next are judged too (templates vanish in them), one by one
            // up to the next line's interval.
            _open = open + _interval;
        }

        return findings;
    }

    private void Judge(DateTime start, List<VolumeFinding> findings)
    {
        var width = DurationText.Of(_interval);
        foreach (var (id, count) in _counts)
        {
            var rate = _profile.Rates[id];
            var usual = _profile.UsualMax(rate, start);
            if (count > 2 * usual && count - usual >= VolumeOptions.MinExcess)
            {
                var at = _profile.History.Slots == RateSlots.None ? "" : " at this hour";
                findings.Add(new VolumeFinding(VolumeFindingKind.Surge, start, rate.Template, count, usual,
                    string.Create(CultureInfo.InvariantCulture, $"'{rate.Template}' {count} in {width}; history at most {usual}{at}")));
            }
        }

        var maxNew = _profile.History.MaxNewPerInterval;
        if (_newcomers > 2 * maxNew && _newcomers - maxNew >= VolumeOptions.MinExcess)
        {
            findings.Add(new VolumeFinding(VolumeFindingKind.NewTemplateFlood, start, null, _newcomers, maxNew,
                string.Create(CultureInfo.InvariantCulture, $"{_newcomers} lines of never-seen templates in {width}; history's newcomers at most {maxNew} per {width}")));
        }

        // A silent host is reported as silent, not as every routine template vanishing.
        if (_lines == 0)
        {
            return;
        }

        foreach (var (id, limit) in _absentLimit)
        {
            if (_counts.ContainsKey(id))
            {
                _absentFor.Remove(id);
                continue;
            }

            var absent = _absentFor[id] = _absentFor.GetValueOrDefault(id) + 1;
            if (absent == limit)
            {
                var rate = _profile.Rates[id];
                findings.Add(new VolumeFinding(VolumeFindingKind.Vanished, start, rate.Template, absent, rate.PresentShare,
                    string.Create(CultureInfo.InvariantCulture,
                        $"'{rate.Template}' absent for {absent} intervals ({DurationText.Of(_interval * absent)}) while the host logs; history had it in {rate.PresentShare * 100:0}% of intervals")));
            }
        }
    }
}

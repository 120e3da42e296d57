using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How often one template occurred within training sessions: for each per-session count seen, how many sessions
/// reached at least that count, so "the k-th occurrence in one session" can be given its share of sessions.
/// </summary>
internal sealed class RepeatHistogram
{
    private readonly int[] _counts;
    private readonly int[] _atLeast;

    private RepeatHistogram(int[] counts, int[] atLeast)
    {
        _counts = counts;
        _atLeast = atLeast;
    }

    /// <summary>Training sessions holding the template at least once.</summary>
    public int Sessions => _atLeast.Length == 0 ? 0 : _atLeast[0];

    /// <summary>The most times one training session held it.</summary>
    public int Max => _counts.Length == 0 ? 0 : _counts[^1];

    /// <summary>Builds the histogram from each session's count of the template.</summary>
    public static RepeatHistogram From(IEnumerable<int> sessionCounts)
    {
        var byCount = sessionCounts.GroupBy(c => c).OrderBy(g => g.Key).Select(g => (Count: g.Key, Sessions: g.Count())).ToArray();
        var counts = byCount.Select(g => g.Count).ToArray();
        var atLeast = new int[counts.Length];
        var running = 0;
        for (var i = counts.Length - 1; i >= 0; i--)
        {
            running += byCount[i].Sessions;
            atLeast[i] = running;
        }

        return new RepeatHistogram(counts, atLeast);
    }

    /// <summary>Training sessions holding the template at least <paramref name="occurrences"/> times.</summary>
    public int SessionsWithAtLeast(int occurrences)
    {
        var index = Array.BinarySearch(_counts, occurrences);
        if (index < 0)
        {
            index = ~index;
        }

        return index < _atLeast.Length ? _atLeast[index] : 0;
    }

    /// <summary>
    /// How many training sessions would be expected to hold the template at least <paramref name="occurrences"/> times:
    /// the count itself up to the most any session held; beyond it, the decay the top two counts showed carried on
    /// geometrically (a count is a magnitude: one more than training's most is as rare as the tail was heavy, where 1,000
    /// sessions with one read and 50 with two make a third read about 1 in 440, not never seen). A histogram of one count has no
    /// tail to carry on: beyond it nothing is expected.
    /// </summary>
    public double ExpectedSessionsWithAtLeast(int occurrences)
    {
        if (occurrences <= Max || _counts.Length < 2)
        {
            return SessionsWithAtLeast(occurrences);
        }

        var top = _atLeast[^1];
        var perStep = Math.Pow((double)top / _atLeast[^2], 1.0 / (_counts[^1] - _counts[^2]));
        return top * Math.Pow(perStep, occurrences - Max);
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(_counts.Length);
        for (var i = 0; i < _counts.Length; i++)
        {
            writer.Write(_counts[i]);
            writer.Write(_atLeast[i]);
        }
    }

    public static RepeatHistogram ReadFrom(ModelReader reader)
    {
        var length = reader.ReadCount("repeat histogram entries", 8);
        var counts = new int[length];
        var atLeast = new int[length];
        for (var i = 0; i < length; i++)
        {
            counts[i] = reader.ReadInt32();
            atLeast[i] = reader.ReadInt32();
            var ordered = i == 0 ? counts[i] >= 1 : counts[i] > counts[i - 1] && atLeast[i] < atLeast[i - 1];
            if (!ordered || atLeast[i] < 1)
            {
                throw new ModelFormatException($"model file: repeat histogram entry {i + 1} is out of order or invalid");
            }
        }

        return new RepeatHistogram(counts, atLeast);
    }
}

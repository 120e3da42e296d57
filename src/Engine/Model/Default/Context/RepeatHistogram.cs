using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How often one template occurred within training sessions: for each per-session count seen, how many sessions
/// reached at least that count, so "the k-th occurrence in one session" can be given its share of sessions. A session
/// the history's end cut off (still open) may hold the template again later: its count only says it got that far, so
/// how many sessions are expected to go further is estimated from the sessions known to have ended (Kaplan-Meier: at
/// each count, the share of the sessions there that ended there stops; open ones carry on).
/// </summary>
internal sealed class RepeatHistogram
{
    private readonly int[] _counts;
    private readonly int[] _atLeast;
    /// <summary>Occurrences whose rarity is computed once, when the histogram is made: sessions hold a template a few times.</summary>
    private const int PrecomputedOccurrences = 8;

    private readonly double[] _expected;

    // RarityOf(n) for n = 1 up to one more than the most a session held (at most PrecomputedOccurrences): every line of
    // a session asks for it, and it costs three logarithms.
    private readonly double[] _rarities;

    private RepeatHistogram(int[] counts, int[] atLeast, double[] expected)
    {
        _counts = counts;
        _atLeast = atLeast;
        _expected = expected;
        _rarities = new double[Math.Min(Max + 1, PrecomputedOccurrences)];
        for (var i = 0; i < _rarities.Length; i++)
        {
            _rarities[i] = ComputeRarityOf(i + 1);
        }
    }

    /// <summary>Training sessions holding the template at least once.</summary>
    public int Sessions => _atLeast.Length == 0 ? 0 : _atLeast[0];

    /// <summary>The most times one training session held it.</summary>
    public int Max => _counts.Length == 0 ? 0 : _counts[^1];

    /// <summary>Builds the histogram from each session's count of the template, every session having ended.</summary>
    public static RepeatHistogram From(IEnumerable<int> sessionCounts) => From(sessionCounts.Select(c => (c, true)));

    /// <summary>Builds the histogram from each session's count of the template and whether the session had ended.</summary>
    public static RepeatHistogram From(IEnumerable<(int Count, bool Ended)> sessions) => From(sessions.ToArray().AsSpan());

    /// <summary>
    /// As <see cref="From(IEnumerable{ValueTuple{int, bool}})"/>, reordering <paramref name="sessions"/>: training builds
    /// one histogram per template from every session holding it, and grouping them by sorting in place is the cheap way.
    /// </summary>
    public static RepeatHistogram From(Span<(int Count, bool Ended)> sessions)
    {
        sessions.Sort(static (a, b) => a.Count.CompareTo(b.Count));
        var groups = 0;
        for (var i = 0; i < sessions.Length; i++)
        {
            groups += StartsGroup(sessions, i) ? 1 : 0;
        }

        var counts = new int[groups];
        var reached = new int[groups];
        var ended = new int[groups];
        var group = -1;
        for (var i = 0; i < sessions.Length; i++)
        {
            if (StartsGroup(sessions, i))
            {
                counts[++group] = sessions[i].Count;
            }

            reached[group]++;
            ended[group] += sessions[i].Ended ? 1 : 0;
        }

        var atLeast = new int[counts.Length];
        var running = 0;
        for (var i = counts.Length - 1; i >= 0; i--)
        {
            running += reached[i];
            atLeast[i] = running;
        }

        var expected = new double[counts.Length];
        var reaching = counts.Length == 0 ? 0.0 : atLeast[0];
        for (var i = 0; i < counts.Length; i++)
        {
            expected[i] = reaching;
            // Multiplied before dividing, so a histogram of ended sessions keeps whole counts exactly.
            reaching = reaching * (atLeast[i] - ended[i]) / atLeast[i];
        }

        return new RepeatHistogram(counts, atLeast, expected);
    }

    /// <summary>Whether the <paramref name="i"/>-th of sessions sorted by count holds a count the one before it does not.</summary>
    private static bool StartsGroup(Span<(int Count, bool Ended)> sorted, int i) => i == 0 || sorted[i].Count != sorted[i - 1].Count;

    /// <summary>Training sessions holding the template at least <paramref name="occurrences"/> times.</summary>
    public int SessionsWithAtLeast(int occurrences)
    {
        var index = IndexOf(occurrences);
        return index < _atLeast.Length ? _atLeast[index] : 0;
    }

    /// <summary>
    /// How many training sessions would be expected to hold the template at least <paramref name="occurrences"/> times,
    /// counting the sessions still open at the history's end as going on like those that had reached as far: up to the
    /// most any session held, the Kaplan-Meier estimate; beyond it, the decay between the top two counts carried on
    /// geometrically (a count is a magnitude: one more than training's most is as rare as the tail was heavy, where
    /// 1,000 ended sessions with one read and 50 with two make a third read about 1 in 440, not never seen). A
    /// histogram of one count has no tail to carry on: beyond it nothing is expected.
    /// </summary>
    public double ExpectedSessionsWithAtLeast(int occurrences)
    {
        var index = IndexOf(occurrences);
        if (index < _expected.Length)
        {
            return _expected[index];
        }

        if (_counts.Length < 2)
        {
            return 0;
        }

        var perStep = Math.Pow(_expected[^1] / _expected[^2], 1.0 / (_counts[^1] - _counts[^2]));
        return _expected[^1] * Math.Pow(perStep, occurrences - Max);
    }

    /// <summary>
    /// How rare an <paramref name="occurrences"/>-th occurrence of the template in one session is
    /// (<see cref="ContextRarity"/> of <see cref="ExpectedSessionsWithAtLeast"/> among <see cref="Sessions"/>).
    /// </summary>
    public double RarityOf(int occurrences) =>
        occurrences >= 1 && occurrences <= _rarities.Length ? _rarities[occurrences - 1] : ComputeRarityOf(occurrences);

    private double ComputeRarityOf(int occurrences) => ContextRarity.Of(ExpectedSessionsWithAtLeast(occurrences), Sessions);

    private int IndexOf(int occurrences)
    {
        var index = Array.BinarySearch(_counts, occurrences);
        return index < 0 ? ~index : index;
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(_counts.Length);
        for (var i = 0; i < _counts.Length; i++)
        {
            writer.Write(_counts[i]);
            writer.Write(_atLeast[i]);
            writer.Write(_expected[i]);
        }
    }

    /// <summary>Reads a histogram written by <see cref="WriteTo"/>.</summary>
    public static RepeatHistogram ReadFrom(ModelReader reader)
    {
        var length = reader.ReadCount("repeat histogram entries", 16);
        var counts = new int[length];
        var atLeast = new int[length];
        var expected = new double[length];
        for (var i = 0; i < length; i++)
        {
            counts[i] = reader.ReadInt32();
            atLeast[i] = reader.ReadInt32();
            expected[i] = reader.ReadDouble();
            var ordered = i == 0
                ? counts[i] >= 1 && expected[i] == atLeast[i]
                : counts[i] > counts[i - 1] && atLeast[i] < atLeast[i - 1] && expected[i] <= expected[i - 1];
            if (!ordered || atLeast[i] < 1 || !double.IsFinite(expected[i]) || !(expected[i] >= atLeast[i] * (1 - 1e-9)))
            {
                throw new ModelFormatException($"model file: repeat histogram entry {i + 1} is out of order or invalid");
            }
        }

        return new RepeatHistogram(counts, atLeast, expected);
    }
}

using System.Numerics;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The pauses a stream's own sessions made after each template, in buckets a quarter of a doubling wide, so the idle
/// limit can follow the stream's traffic where it outgrows the history's: the same quantile training takes
/// (<see cref="SessionEndProfile"/>: twice the 99th percentile), once enough pauses were seen for it to mean anything.
/// </summary>
internal sealed class LivePauses
{
    /// <summary>Pauses after a template before its live limit counts: the 99th percentile of fewer is their longest.</summary>
    public const int MinPauses = 100;

    private const int BucketsPerDoubling = 4;
    // Pauses up to 2^40 lines; longer ones share the last bucket.
    private const int Buckets = 40 * BucketsPerDoubling;
    private readonly Dictionary<int, Counts> _byTemplate = [];

    /// <summary>Records a pause of <paramref name="lines"/> (at least 1) after <paramref name="template"/>.</summary>
    public void Record(int template, long lines)
    {
        if (!_byTemplate.TryGetValue(template, out var counts))
        {
            _byTemplate[template] = counts = new Counts();
        }

        counts.Add(lines);
    }

    /// <summary>Twice the 99th percentile of the pauses after <paramref name="template"/> (each rounded up to its
    /// bucket's top), or 0 while fewer than <see cref="MinPauses"/> were seen.</summary>
    public long LimitAfter(int template) => _byTemplate.TryGetValue(template, out var counts) ? counts.Limit : 0;

    private sealed class Counts
    {
        private readonly int[] _buckets = new int[Buckets];
        private long _total;
        private long _computedAt;

        public long Limit { get; private set; }

        public void Add(long lines)
        {
            _buckets[BucketOf(lines)]++;
            _total++;
            // Recomputed as the count grows by a tenth: a quantile of thousands of pauses hardly moves with the next one.
            if (_total >= MinPauses && _total >= _computedAt + Math.Max(1, _computedAt / 10))
            {
                Limit = 2 * UpperBound(Quantile(0.99));
                _computedAt = _total;
            }
        }

        private int Quantile(double q)
        {
            var above = (long)Math.Floor((1 - q) * _total);
            for (var b = Buckets - 1; b >= 0; b--)
            {
                above -= _buckets[b];
                if (above < 0)
                {
                    return b;
                }
            }

            return 0;
        }
    }

    // A doubling's four buckets are told apart by the two bits after the leading one: no logarithm per line.
    private static int BucketOf(long lines)
    {
        var value = (ulong)Math.Max(1, lines);
        var doubling = BitOperations.Log2(value);
        var quarter = doubling >= 2 ? (int)((value >> (doubling - 2)) & 3) : 0;
        return Math.Min(Buckets - 1, (doubling * BucketsPerDoubling) + quarter);
    }

    /// <summary>The first pause past <paramref name="bucket"/>'s.</summary>
    internal static long UpperBound(int bucket)
    {
        var (doubling, quarter) = Math.DivRem(bucket, BucketsPerDoubling);
        return doubling >= 2 ? (long)(BucketsPerDoubling + quarter + 1) << (doubling - 2) : 1L << (doubling + 1);
    }
}

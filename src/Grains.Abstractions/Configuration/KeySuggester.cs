namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Finds the known key an unknown one was probably meant to be (typos such as <c>MG_HOTS</c>).</summary>
internal static class KeySuggester
{
    private const int MaxDistance = 2;

    public static string? Suggest(string unknown, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: Distance(unknown.ToUpperInvariant(), k)))
            .Where(c => c.Distance <= MaxDistance)
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

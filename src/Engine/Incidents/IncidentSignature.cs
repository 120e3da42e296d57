namespace Lad.Engine.Incidents;

/// <summary>What an anomaly is, for grouping: the constant words of its template, lower-cased, in order.</summary>
/// <remarks>Variables (<c>&lt;*&gt;</c>) and tokens holding a digit (ids, counters a host's miner did not mask yet) are
/// left out, so the same error keeps one signature on every host, whatever each host's miner made of its values.</remarks>
public sealed class IncidentSignature
{
    private readonly HashSet<string> _words;

    private IncidentSignature(string key, HashSet<string> words)
    {
        Key = key;
        _words = words;
    }

    /// <summary>The words joined by spaces; equal keys mean the same kind of line.</summary>
    public string Key { get; }

    /// <summary>The signature of <paramref name="template"/>.</summary>
    /// <param name="template">A template as the miner prints it.</param>
    public static IncidentSignature Of(string template)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= template.Length; i++)
        {
            var inWord = i < template.Length && (char.IsLetterOrDigit(template[i]) || template[i] == '_');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = template[start..i];
                if (!word.Any(char.IsDigit))
                {
                    words.Add(word.ToLowerInvariant());
                }

                start = -1;
            }
        }

        return new IncidentSignature(string.Join(' ', words), [.. words]);
    }

    /// <summary>How unlike two signatures are: 1 minus the share of their distinct words they have in common (Jaccard),
    /// 0 for the same words, 1 for none in common.</summary>
    /// <param name="other">The other signature.</param>
    public double DistanceTo(IncidentSignature other)
    {
        if (_words.Count == 0 && other._words.Count == 0)
        {
            return Key == other.Key ? 0 : 1;
        }

        var common = _words.Count(other._words.Contains);
        return 1 - ((double)common / (_words.Count + other._words.Count - common));
    }
}

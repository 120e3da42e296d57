namespace Lad.Engine.Parse;

/// <summary>
/// A node of the Drain-style prefix tree. Inner nodes route on one token (exact child, else the wildcard child);
/// leaves list the templates that share the route.
/// </summary>
internal sealed class PrefixNode
{
    /// <summary>Children keyed by token hash.</summary>
    public Dictionary<ulong, PrefixNode> Children { get; } = [];

    /// <summary>The child for variable tokens and for tokens beyond the child cap.</summary>
    public PrefixNode? Wildcard { get; set; }

    /// <summary>On a root: bumped whenever templates of its line length change, invalidating cached routes.</summary>
    public int Generation { get; set; }

    /// <summary>Templates at this leaf, in insertion order (the order breaks ties).</summary>
    public List<LogTemplate> Templates { get; } = [];

    /// <summary>Follows a route for lookup: the exact child, else the wildcard child, else null.</summary>
    public PrefixNode? Find(ulong hash) =>
        hash != LineToken.Wildcard && Children.TryGetValue(hash, out var child) ? child : Wildcard;

    /// <summary>Follows or creates a route for insertion; variables and tokens over the cap go to the wildcard child.</summary>
    public PrefixNode GetOrAdd(ulong hash, int maxChildren)
    {
        if (hash != LineToken.Wildcard)
        {
            if (Children.TryGetValue(hash, out var child))
            {
                return child;
            }

            if (Children.Count < maxChildren)
            {
                child = new PrefixNode();
                Children.Add(hash, child);
                return child;
            }
        }

        return Wildcard ??= new PrefixNode();
    }
}

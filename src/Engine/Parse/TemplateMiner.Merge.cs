namespace Lad.Engine.Parse;

/// <summary>Changing the template set: creating, consolidating siblings, merging duplicates, evicting.</summary>
public sealed partial class TemplateMiner
{
    private LogTemplate Create(string message, ReadOnlySpan<LineToken> line)
    {
        var tokens = new string[line.Length];
        var gaps = new string[line.Length + 1];
        var shown = new string[line.Length];
        var at = 0;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            gaps[i] = message[at..line[i].Start];
            tokens[i] = line[i].IsVariable ? LogTemplate.Variable : message.Substring(line[i].Start, line[i].Length);
            if (line[i].IsVariable)
            {
                _tokenizer.ShowVariable(message.AsSpan(line[i].Start, line[i].Length), text.Clear());
                shown[i] = text.ToString();
            }
            else
            {
                shown[i] = tokens[i];
            }

            at = line[i].End;
        }

        gaps[^1] = message[at..Math.Max(at, Math.Min(message.Length, MaxLineChars))];
        var template = new LogTemplate(NextId++, tokens, gaps, shown, 0);

        if (!_roots.TryGetValue(line.Length, out var node))
        {
            node = new PrefixNode();
            _roots.Add(line.Length, node);
        }

        var routed = Math.Min(Options.Depth - 2, line.Length);
        for (var i = 0; i < routed; i++)
        {
            node = node.GetOrAdd(line[i].Hash, Options.MaxChildren);
        }

        node.Templates.Add(template);
        template.Leaves.Add(node);
        _live.Add(template.Id, template);
        PeersOf(line.Length).Add(template);
        Changed(line.Length);
        return MergeIfDuplicate(template);
    }

    /// <summary>
    /// After a new template is created: an older template that already covers it absorbs it; otherwise, when enough
    /// templates differ from it in one plain word only (<see cref="MinerOptions.DistinctValuesForVariable"/>), that
    /// position is a variable and they all merge into the oldest.
    /// </summary>
    private LogTemplate Consolidate(LogTemplate fresh)
    {
        if (fresh.Hashes.Length == 0)
        {
            return fresh;
        }

        var peers = _byLength[fresh.Hashes.Length];
        LogTemplate? covering = null;
        foreach (var peer in peers)
        {
            if (peer != fresh && peer.Covers(fresh) && (covering is null || peer.VariableCount < covering.VariableCount))
            {
                covering = peer;
            }
        }

        if (covering is not null)
        {
            return Absorb(covering, fresh);
        }

        // Siblings must still be similar enough by Drain's measure, so one-word lines ("normal", "warning") or
        // "word <*>" lines never merge on their only constant.
        var sharedConstants = fresh.Hashes.Length - fresh.VariableCount - 1;
        var sharedEnough = (double)sharedConstants / fresh.Hashes.Length >= Options.SimilarityThreshold;
        var siblings = new Dictionary<int, List<LogTemplate>>();
        foreach (var peer in peers)
        {
            if (peer != fresh && SingleWordDifference(peer, fresh) is var position and >= 0 && sharedEnough)
            {
                if (!siblings.TryGetValue(position, out var group))
                {
                    siblings.Add(position, group = []);
                }

                group.Add(peer);
            }
        }

        List<LogTemplate>? largest = null;
        foreach (var group in siblings.Values)
        {
            if (largest is null || group.Count > largest.Count)
            {
                largest = group;
            }
        }

        if (largest is null || largest.Count + 1 < Options.DistinctValuesForVariable)
        {
            return fresh;
        }

        largest.Add(fresh);
        var survivor = largest[0];
        foreach (var member in largest)
        {
            survivor = member.Id < survivor.Id ? member : survivor;
        }

        Unindex(survivor);
        foreach (var member in largest)
        {
            survivor.Generalise(member);
        }

        foreach (var member in largest)
        {
            if (member != survivor)
            {
                Absorb(survivor, member);
            }
        }

        Changed(survivor.Hashes.Length);
        return MergeIfDuplicate(survivor);
    }

    /// <summary>
    /// The one position where both templates hold different plain words, when they agree everywhere else;
    /// otherwise -1.
    /// </summary>
    private static int SingleWordDifference(LogTemplate a, LogTemplate b)
    {
        var position = -1;
        for (var i = 0; i < a.Hashes.Length; i++)
        {
            var x = a.Hashes[i];
            var y = b.Hashes[i];
            if (x != y)
            {
                if (position >= 0 || x == LineToken.Wildcard || y == LineToken.Wildcard)
                {
                    return -1;
                }

                position = i;
            }
        }

        return position;
    }

    private LogTemplate MergeIfDuplicate(LogTemplate template)
    {
        var signature = template.Signature;
        if (!_bySignature.TryGetValue(signature, out var other) || other == template || !other.SameTokens(template))
        {
            _bySignature.TryAdd(signature, template);
            return template;
        }

        var survivor = other.Id < template.Id ? Absorb(other, template) : Absorb(template, other);
        _bySignature[signature] = survivor;
        return survivor;
    }

    /// <summary>Merges <paramref name="absorbed"/> into <paramref name="survivor"/>; its id becomes an alias.</summary>
    private LogTemplate Absorb(LogTemplate survivor, LogTemplate absorbed)
    {
        Unindex(absorbed);
        survivor.Count += absorbed.Count;
        foreach (var leaf in absorbed.Leaves)
        {
            var at = leaf.Templates.IndexOf(absorbed);
            if (leaf.Templates.Contains(survivor))
            {
                leaf.Templates.RemoveAt(at);
            }
            else
            {
                leaf.Templates[at] = survivor;
                survivor.Leaves.Add(leaf);
            }
        }

        absorbed.Leaves.Clear();
        _live.Remove(absorbed.Id);
        _lru.Remove(absorbed);
        _byLength[absorbed.Hashes.Length].Remove(absorbed);
        _aliases[absorbed.Id] = survivor;
        survivor.AliasIds.Add(absorbed.Id);
        foreach (var alias in absorbed.AliasIds)
        {
            _aliases[alias] = survivor;
            survivor.AliasIds.Add(alias);
        }

        absorbed.AliasIds.Clear();
        Changed(absorbed.Hashes.Length);
        return survivor;
    }

    /// <summary>Removes a template from the duplicate index (before its tokens change or it goes away).</summary>
    private void Unindex(LogTemplate template)
    {
        var signature = template.Signature;
        if (_bySignature.TryGetValue(signature, out var indexed) && indexed == template)
        {
            _bySignature.Remove(signature);
        }
    }

    private List<LogTemplate> PeersOf(int length)
    {
        if (!_byLength.TryGetValue(length, out var peers))
        {
            _byLength.Add(length, peers = []);
        }

        return peers;
    }

    private void EvictBeyondCap()
    {
        while (_live.Count > Options.MaxTemplates && _lru.Oldest is { } victim)
        {
            _lru.Remove(victim);
            _live.Remove(victim.Id);
            foreach (var leaf in victim.Leaves)
            {
                leaf.Templates.Remove(victim);
            }

            victim.Leaves.Clear();
            Unindex(victim);
            _byLength[victim.Hashes.Length].Remove(victim);

            foreach (var alias in victim.AliasIds)
            {
                _aliases.Remove(alias);
            }

            Changed(victim.Hashes.Length);
        }
    }
}

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
        System.Text.StringBuilder? text = null;
        for (var i = 0; i < line.Length; i++)
        {
            gaps[i] = Gap(message, at, line[i].Start);
            tokens[i] = line[i].IsVariable ? LogTemplate.Variable : message.Substring(line[i].Start, line[i].Length);
            if (line[i].IsVariable)
            {
                _tokenizer.ShowVariable(message.AsSpan(line[i].Start, line[i].Length), (text ??= new()).Clear());
                shown[i] = text.ToString();
            }
            else
            {
                shown[i] = tokens[i];
            }

            at = line[i].End;
        }

        gaps[^1] = Gap(message, at, Math.Max(at, Math.Min(message.Length, MaxLineChars)));
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
        NoteRoute(template);
        Changed(line.Length);
        return MergeIfDuplicate(template);
    }

    /// <summary>
    /// The separator between two tokens. Most are one space or one punctuation mark, and every template holds one per
    /// token, so those come from <see cref="SingleChars"/> instead of each being a new string.
    /// </summary>
    private static string Gap(string message, int start, int end) =>
        end - start == 1 && message[start] < SingleChars.Length ? SingleChars[message[start]] : message[start..end];

    /// <summary>Every ASCII char as a string of its own.</summary>
    private static readonly string[] SingleChars = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    /// <summary>
    /// After a new template is created: when enough templates differ from it in one plain word only
    /// (<see cref="MinerOptions.DistinctValuesForVariable"/>), that position is a variable and they all merge into the
    /// oldest. No older template covers a fresh one: a template covers the fresh one exactly when it fits the line it
    /// came from, and the line got a template of its own only because none of its length did.
    /// </summary>
    private LogTemplate Consolidate(LogTemplate fresh)
    {
        // Siblings must still be similar enough, so one-word lines ("normal", "warning") or "word <*>" lines never
        // merge on their only constant: by Drain's measure (shared constants over all tokens), or, for a line that is
        // mostly variables (a mail relay's reply: queue id, address, relay, delays, an id of random letters), by the
        // share of its own constants the siblings keep, at least two of them.
        var constants = fresh.Hashes.Length - fresh.VariableCount;
        var sharedConstants = constants - 1;
        if (fresh.Hashes.Length == 0 || ((double)sharedConstants / fresh.Hashes.Length < Options.SimilarityThreshold
            && (sharedConstants < 2 || (double)sharedConstants / constants < Options.SimilarityThreshold)))
        {
            return fresh;
        }

        var siblings = _siblings;
        siblings.Clear();
        foreach (var peer in _byLength[fresh.Hashes.Length])
        {
            if (peer != fresh && SingleWordDifference(peer, fresh) is var position and >= 0)
            {
                siblings.Add((position, peer));
            }
        }

        if (siblings.Count + 1 < Options.DistinctValuesForVariable)
        {
            return fresh;
        }

        var largest = LargestGroup(siblings, fresh.Hashes.Length);
        if (largest.Count + 1 < Options.DistinctValuesForVariable)
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

        NoteRoute(survivor);

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
    /// The siblings that differ at the position most of them differ at, in peer order; of positions with equally many,
    /// the one a sibling earliest in peer order differs at.
    /// </summary>
    private static List<LogTemplate> LargestGroup(List<(int Position, LogTemplate Peer)> siblings, int length)
    {
        Span<int> counts = length <= 256 ? stackalloc int[length] : new int[length];
        counts.Clear();
        foreach (var (position, _) in siblings)
        {
            counts[position]++;
        }

        var largest = -1;
        foreach (var (position, _) in siblings)
        {
            if (largest < 0 || counts[position] > counts[largest])
            {
                largest = position;
            }
        }

        var group = new List<LogTemplate>(counts[largest] + 1);
        foreach (var (position, peer) in siblings)
        {
            if (position == largest)
            {
                group.Add(peer);
            }
        }

        return group;
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
        ForgetRoute(absorbed);
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
            ForgetRoute(victim);

            foreach (var alias in victim.AliasIds)
            {
                _aliases.Remove(alias);
            }

            Changed(victim.Hashes.Length);
        }
    }
}

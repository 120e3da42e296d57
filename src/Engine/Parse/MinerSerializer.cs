using Lad.Engine.Persistence;

namespace Lad.Engine.Parse;

/// <summary>
/// Writes and reads a <see cref="TemplateMiner"/> as plain fields: options, templates (least recently used first),
/// merge aliases and the prefix tree. Every id and count read back is checked, so a corrupt file gives a
/// <see cref="ModelFormatException"/>.
/// </summary>
internal static class MinerSerializer
{
    /// <summary>The <see cref="ModelFile"/> kind of a saved miner.</summary>
    public const string Kind = "miner";

    private const int PayloadVersion = 1;

    public static void Write(TemplateMiner miner, ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        WriteOptions(miner.Options, writer);
        writer.Write(miner.NextId);

        writer.Write(miner.TemplateCount);
        foreach (var template in miner.TemplatesOldestFirst())
        {
            writer.Write(template.Id);
            writer.Write(template.Count);
            writer.Write(template.TokenArray.Length);
            foreach (var token in template.TokenArray)
            {
                writer.Write(token);
            }

            foreach (var gap in template.Gaps)
            {
                writer.Write(gap);
            }

            foreach (var shown in template.Shown)
            {
                writer.Write(shown);
            }
        }

        var aliases = miner.Aliases.ToList();
        writer.Write(aliases.Count);
        foreach (var (alias, target) in aliases)
        {
            writer.Write(alias);
            writer.Write(target.Id);
        }

        writer.Write(miner.Roots.Count);
        foreach (var (length, root) in miner.Roots)
        {
            writer.Write(length);
            WriteNode(root, writer);
        }
    }

    public static TemplateMiner Read(ModelReader reader)
    {
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException(
                $"miner payload version {version} is not supported (this build reads version {PayloadVersion})");
        }

        var options = ReadOptions(reader);
        TemplateMiner miner;
        try
        {
            miner = new TemplateMiner(options);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"miner file holds invalid options: {e.Message}", e);
        }

        var nextId = reader.ReadInt32();
        if (nextId < 1)
        {
            throw new ModelFormatException($"miner file: next template id {nextId} is invalid");
        }

        var templates = new Dictionary<int, LogTemplate>();
        var ordered = new List<LogTemplate>();
        var templateCount = reader.ReadCount("template", 13);
        for (var i = 0; i < templateCount; i++)
        {
            var template = ReadTemplate(reader, nextId);
            if (!templates.TryAdd(template.Id, template))
            {
                throw new ModelFormatException($"miner file: template id {template.Id} appears twice");
            }

            ordered.Add(template);
        }

        var aliases = new List<(int, int)>();
        var aliasCount = reader.ReadCount("alias", 8);
        for (var i = 0; i < aliasCount; i++)
        {
            var alias = reader.ReadInt32();
            var target = reader.ReadInt32();
            if (alias < 1 || alias >= nextId || templates.ContainsKey(alias) || !templates.ContainsKey(target))
            {
                throw new ModelFormatException($"miner file: alias {alias} -> {target} does not name a merged and a live template");
            }

            aliases.Add((alias, target));
        }

        var roots = new List<(int, PrefixNode)>();
        var rootCount = reader.ReadCount("tree root", 4);
        for (var i = 0; i < rootCount; i++)
        {
            var length = reader.ReadInt32();
            if (length < 0)
            {
                throw new ModelFormatException($"miner file: tree root for length {length} is invalid");
            }

            roots.Add((length, ReadNode(reader, templates, length, 0)));
        }

        miner.Restore(nextId, ordered, aliases, roots);
        return miner;
    }

    private static void WriteOptions(MinerOptions options, ModelWriter writer)
    {
        writer.Write(options.SimilarityThreshold);
        writer.Write(options.Depth);
        writer.Write(options.MaxChildren);
        writer.Write(options.MaxTemplates);
        writer.Write(options.DistinctValuesForVariable);
        var m = options.Masking;
        foreach (var flag in new[]
                 {
                     m.Numbers, m.Hex, m.IpAddresses, m.Uuids, m.Paths, m.Urls, m.Emails, m.DatesAndTimes, m.KeyValueValues,
                     m.TokensWithDigits, m.HostNames,
                 })
        {
            writer.Write(flag);
        }

        writer.Write(m.ExtraPatterns.Count);
        foreach (var pattern in m.ExtraPatterns)
        {
            writer.Write(pattern);
        }
    }

    private static MinerOptions ReadOptions(ModelReader reader)
    {
        var threshold = reader.ReadDouble();
        var depth = reader.ReadInt32();
        var maxChildren = reader.ReadInt32();
        var maxTemplates = reader.ReadInt32();
        var distinctValues = reader.ReadInt32();
        var flags = new bool[11];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = reader.ReadBoolean();
        }

        var patterns = new string[reader.ReadCount("extra pattern", 2)];
        for (var i = 0; i < patterns.Length; i++)
        {
            patterns[i] = reader.ReadString("extra pattern");
        }

        return new MinerOptions
        {
            SimilarityThreshold = threshold,
            Depth = depth,
            MaxChildren = maxChildren,
            MaxTemplates = maxTemplates,
            DistinctValuesForVariable = distinctValues,
            Masking = new MaskingOptions
            {
                Numbers = flags[0],
                Hex = flags[1],
                IpAddresses = flags[2],
                Uuids = flags[3],
                Paths = flags[4],
                Urls = flags[5],
                Emails = flags[6],
                DatesAndTimes = flags[7],
                KeyValueValues = flags[8],
                TokensWithDigits = flags[9],
                HostNames = flags[10],
                ExtraPatterns = patterns,
            },
        };
    }

    private static LogTemplate ReadTemplate(ModelReader reader, int nextId)
    {
        var id = reader.ReadInt32();
        if (id < 1 || id >= nextId)
        {
            throw new ModelFormatException($"miner file: template id {id} is outside 1..{nextId - 1}");
        }

        var count = reader.ReadInt64();
        if (count < 0)
        {
            throw new ModelFormatException($"miner file: template {id} has a negative count {count}");
        }

        var tokens = new string[reader.ReadCount($"template {id} token", 2)];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = reader.ReadString($"template {id} token {i}");
        }

        var gaps = new string[tokens.Length + 1];
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i] = reader.ReadString($"template {id} separator {i}");
        }

        var shown = new string[tokens.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            shown[i] = reader.ReadString($"template {id} shown token {i}");
            if (tokens[i] != LogTemplate.Variable && shown[i] != tokens[i])
            {
                throw new ModelFormatException($"miner file: template {id} shows constant token {i} differently from its text");
            }
        }

        var template = new LogTemplate(id, tokens, gaps, shown, count);
        // A default model's profile holds the same text: one copy serves both.
        template.ShareText(reader.Shared(template.Text));
        return template;
    }

    private static void WriteNode(PrefixNode node, ModelWriter writer)
    {
        writer.Write(node.Templates.Count);
        foreach (var template in node.Templates)
        {
            writer.Write(template.Id);
        }

        writer.Write(node.Children.Count);
        foreach (var (hash, child) in node.Children)
        {
            writer.Write(unchecked((long)hash));
            WriteNode(child, writer);
        }

        writer.Write(node.Wildcard is not null);
        if (node.Wildcard is not null)
        {
            WriteNode(node.Wildcard, writer);
        }
    }

    private static PrefixNode ReadNode(ModelReader reader, Dictionary<int, LogTemplate> templates, int length, int depth)
    {
        if (depth > 64)
        {
            throw new ModelFormatException("miner file: the prefix tree is deeper than any miner builds");
        }

        var node = new PrefixNode();
        var count = reader.ReadCount("leaf template", 4);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadInt32();
            if (!templates.TryGetValue(id, out var template) || template.Hashes.Length != length)
            {
                throw new ModelFormatException($"miner file: tree leaf names template {id}, which is not a live template of {length} tokens");
            }

            node.Templates.Add(template);
            template.Leaves.Add(node);
        }

        var children = reader.ReadCount("tree child", 13);
        for (var i = 0; i < children; i++)
        {
            var hash = unchecked((ulong)reader.ReadInt64());
            if (!node.Children.TryAdd(hash, ReadNode(reader, templates, length, depth + 1)))
            {
                throw new ModelFormatException("miner file: a tree node lists the same child twice");
            }
        }

        if (reader.ReadBoolean())
        {
            node.Wildcard = ReadNode(reader, templates, length, depth + 1);
        }

        return node;
    }
}

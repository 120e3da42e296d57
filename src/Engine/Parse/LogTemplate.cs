using System.Text;

namespace Lad.Engine.Parse;

/// <summary>
/// A mined log template: constant tokens with variables shown as <c>&lt;*&gt;</c>. Its <see cref="Id"/> is assigned
/// once, never reused and survives save/load; when two templates merge the older id survives and the other id
/// stays an alias for it (see <see cref="TemplateMiner.GetTemplate"/>).
/// </summary>
public sealed class LogTemplate
{
    /// <summary>How a variable position is shown in <see cref="Text"/> and <see cref="Tokens"/>.</summary>
    public const string Variable = "<*>";

    private string[] _tokens;

    internal LogTemplate(int id, string[] tokens, string[] gaps, long count)
    {
        Id = id;
        _tokens = tokens;
        Gaps = gaps;
        Count = count;
        Hashes = new ulong[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            Hashes[i] = tokens[i] == Variable ? LineToken.Wildcard : TokenHash.Of(tokens[i]);
        }

        Text = BuildText();
        Tokens = Array.AsReadOnly(_tokens);
    }

    /// <summary>The stable id (1, 2, ...).</summary>
    public int Id { get; }

    /// <summary>The template as text, separators kept from the first line, variables as <c>&lt;*&gt;</c>.</summary>
    public string Text { get; private set; }

    /// <summary>The template's tokens, variables as <c>&lt;*&gt;</c>.</summary>
    public IReadOnlyList<string> Tokens { get; private set; }

    /// <summary>How many lines were learned into this template (including templates merged into it).</summary>
    public long Count { get; internal set; }

    /// <summary>Token hashes; <see cref="LineToken.Wildcard"/> at variable positions.</summary>
    internal ulong[] Hashes { get; }

    /// <summary>The separators around the tokens (one more than tokens), from the first line learned.</summary>
    internal string[] Gaps { get; }

    /// <summary>Number of variable positions.</summary>
    internal int VariableCount
    {
        get
        {
            var n = 0;
            foreach (var h in Hashes)
            {
                n += h == LineToken.Wildcard ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>Tree leaves that list this template.</summary>
    internal List<PrefixNode> Leaves { get; } = new(1);

    /// <summary>Ids of templates merged into this one.</summary>
    internal List<int> AliasIds { get; } = [];

    /// <summary>Neighbour towards the most recently used end of the LRU list.</summary>
    internal LogTemplate? Newer { get; set; }

    /// <summary>Neighbour towards the least recently used end of the LRU list.</summary>
    internal LogTemplate? Older { get; set; }

    /// <summary>The template's identity for merge detection: its length and token hashes.</summary>
    internal ulong Signature
    {
        get
        {
            var signature = (ulong)Hashes.Length;
            foreach (var h in Hashes)
            {
                signature = TokenHash.Combine(signature, h);
            }

            return signature;
        }
    }

    /// <summary>Whether another template has exactly the same tokens.</summary>
    internal bool SameTokens(LogTemplate other) => Hashes.AsSpan().SequenceEqual(other.Hashes);

    /// <summary>Turns every constant the line disagrees with into a variable; returns whether anything changed.</summary>
    internal bool Generalise(ReadOnlySpan<LineToken> line)
    {
        string[]? tokens = null;
        for (var i = 0; i < Hashes.Length; i++)
        {
            if (Hashes[i] != LineToken.Wildcard && Hashes[i] != line[i].Hash)
            {
                // Copy before writing: callers may hold the previous Tokens list.
                tokens ??= (string[])_tokens.Clone();
                Hashes[i] = LineToken.Wildcard;
                tokens[i] = Variable;
            }
        }

        if (tokens is null)
        {
            return false;
        }

        _tokens = tokens;
        Tokens = Array.AsReadOnly(_tokens);
        Text = BuildText();
        return true;
    }

    /// <summary>The raw token array (for saving).</summary>
    internal string[] TokenArray => _tokens;

    /// <inheritdoc />
    public override string ToString() => $"#{Id} x{Count}: {Text}";

    private string BuildText()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _tokens.Length; i++)
        {
            text.Append(Gaps[i]).Append(_tokens[i]);
        }

        text.Append(Gaps[^1]);
        return text.ToString().Trim();
    }
}

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
    private string? _text;
    private IReadOnlyList<string>? _tokensShown;

    internal LogTemplate(int id, string[] tokens, string[] gaps, string[] shown, long count)
    {
        Id = id;
        _tokens = tokens;
        Gaps = gaps;
        Shown = shown;
        Count = count;
        Hashes = new ulong[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            Hashes[i] = tokens[i] == Variable ? LineToken.Wildcard : TokenHash.Of(tokens[i]);
        }
    }

    /// <summary>The stable id (1, 2, ...).</summary>
    public int Id { get; }

    /// <summary>The template as text, separators kept from the first line, variables as <c>&lt;*&gt;</c>.</summary>
    /// <remarks>
    /// Written when first read: a template absorbed soon after it was made, or generalised again, needs none. Threads
    /// matching at once may each write it; they write equal strings.
    /// </remarks>
    public string Text => _text ??= BuildText();

    /// <summary>The template's tokens, variables as <c>&lt;*&gt;</c>.</summary>
    /// <remarks>Wrapped when first read, like <see cref="Text"/>; a change makes a new array (<see cref="MakeVariable"/>).</remarks>
    public IReadOnlyList<string> Tokens => _tokensShown ??= Array.AsReadOnly(_tokens);

    /// <summary>How many lines were learned into this template (including templates merged into it).</summary>
    public long Count { get; internal set; }

    /// <summary>Token hashes; <see cref="LineToken.Wildcard"/> at variable positions.</summary>
    internal ulong[] Hashes { get; }

    /// <summary>The separators around the tokens (one more than tokens), from the first line learned.</summary>
    internal string[] Gaps { get; }

    /// <summary>
    /// How each position shows in <see cref="Text"/>: a constant itself; a variable its masked form from the first
    /// line ("chdir(&lt;*&gt;)", "&lt;*&gt; (&lt;*&gt;)"), or plain <c>&lt;*&gt;</c> once lines disagree there.
    /// </summary>
    internal string[] Shown { get; }

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

    /// <summary>Whether the miner lists it as having a variable among its routing tokens.</summary>
    internal bool OffRoute { get; set; }

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
                MakeVariable(i, ref tokens);
            }
        }

        return Commit(tokens);
    }

    /// <summary>Turns every constant another template of the same length disagrees with into a variable.</summary>
    internal bool Generalise(LogTemplate other)
    {
        string[]? tokens = null;
        for (var i = 0; i < Hashes.Length; i++)
        {
            if (Hashes[i] != LineToken.Wildcard && Hashes[i] != other.Hashes[i])
            {
                MakeVariable(i, ref tokens);
            }
            else if (Shown[i] != other.Shown[i] && Shown[i] != Variable)
            {
                Shown[i] = Variable;
                tokens ??= (string[])_tokens.Clone();
            }
        }

        return Commit(tokens);
    }

    private void MakeVariable(int position, ref string[]? tokens)
    {
        // Copy before writing: callers may hold the previous Tokens list.
        tokens ??= (string[])_tokens.Clone();
        Hashes[position] = LineToken.Wildcard;
        tokens[position] = Variable;
        Shown[position] = Variable;
    }

    private bool Commit(string[]? tokens)
    {
        if (tokens is null)
        {
            return false;
        }

        _tokens = tokens;
        _tokensShown = null;
        _text = null;
        return true;
    }

    /// <summary>Holds <paramref name="equal"/>, a string equal to <see cref="Text"/> held elsewhere, as the text.</summary>
    internal void ShareText(string equal)
    {
        if (!string.Equals(equal, Text, StringComparison.Ordinal))
        {
            throw new ArgumentException("a shared text must equal the template's text", nameof(equal));
        }

        _text = equal;
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
            text.Append(Gaps[i]).Append(Shown[i]);
        }

        text.Append(Gaps[^1]);
        return text.ToString().Trim();
    }
}

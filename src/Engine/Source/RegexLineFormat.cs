using System.Text.RegularExpressions;

namespace Lad.Engine.Source;

/// <summary>
/// A user-supplied regular expression with a named group <c>message</c> and an optional group <c>level</c>.
/// Lines it does not match (stack-trace continuations, banners) are skipped and counted rather than fatal,
/// because a hand-written pattern rarely covers every line of a real log.
/// </summary>
public sealed class RegexLineFormat : ILineFormat
{
    private readonly Regex _regex;
    private readonly bool _hasLevel;

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public RegexLineFormat(string pattern)
    {
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--message-regex is not a valid regular expression: {e.Message}", e);
        }

        var groups = _regex.GetGroupNames();
        if (!groups.Contains("message"))
        {
            throw new ArgumentException("--message-regex needs a named group 'message', e.g. (?<message>.*)");
        }

        _hasLevel = groups.Contains("level");
    }

    /// <inheritdoc />
    public string Name => "regex";

    /// <inheritdoc />
    public bool SkipsLinesThatDoNotFit => true;

    /// <inheritdoc />
    public ParsedLine? Parse(string line, out string? error)
    {
        var match = _regex.Match(line);
        if (!match.Success)
        {
            error = "the line does not match --message-regex";
            return null;
        }

        error = null;
        var level = _hasLevel && match.Groups["level"].Success ? match.Groups["level"].Value : null;
        return new ParsedLine(match.Groups["message"].Value, level, null);
    }
}

using System.Text.RegularExpressions;

namespace Lad.Engine.Source;

/// <summary>Finds a line's session key (a block id, a request id, a connection number) with a regular expression: the
/// first match in the line is the key.</summary>
public sealed class SessionKeyPattern
{
    // A pathological pattern on a long line must not stall scoring; such a line simply has no session.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _regex;

    private SessionKeyPattern(Regex regex) => _regex = regex;

    /// <summary>The pattern's text.</summary>
    public string Pattern => _regex.ToString();

    /// <summary>Compiles <paramref name="pattern"/>, or says why it is not a usable regular expression.</summary>
    /// <param name="pattern">The regular expression (.NET syntax).</param>
    /// <param name="keyPattern">The compiled pattern, when valid.</param>
    /// <param name="problem">Why the pattern was refused, when invalid.</param>
    public static bool TryCreate(string pattern, out SessionKeyPattern? keyPattern, out string? problem)
    {
        keyPattern = null;
        problem = null;
        if (string.IsNullOrEmpty(pattern))
        {
            problem = "the pattern is empty";
            return false;
        }

        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
            if (regex.Match("").Success)
            {
                // A pattern that matches nothing at all would put every line into one session named "".
                problem = "the pattern matches an empty string, so every line would share one session";
                return false;
            }

            keyPattern = new SessionKeyPattern(regex);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = $"not a valid regular expression: {e.Message}";
            return false;
        }
    }

    /// <summary>The first match in <paramref name="line"/>, or null when it has none (or matching took too long).</summary>
    public string? KeyOf(string line)
    {
        try
        {
            var match = _regex.Match(line);
            return match.Success ? match.Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary><paramref name="record"/> with its <see cref="LogRecord.Session"/> set to its key (unchanged without one).</summary>
    public LogRecord Assign(LogRecord record) =>
        KeyOf(record.Message) is { } key ? record with { Session = key } : record;
}

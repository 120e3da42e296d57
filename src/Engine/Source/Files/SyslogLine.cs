using System.Globalization;
using System.Text.RegularExpressions;

namespace Lad.Engine.Source.Files;

/// <summary>Reads the host and message of a syslog line as files written by syslog daemons hold them: RFC 5424
/// (<c>&lt;34&gt;1 2026-11-24T10:00:00Z web-1 app ...</c>), a date with the time (<c>2026-11-24T10:00:00.000Z web-1
/// cron[42]: ...</c>, rsyslog's precise format) or the traditional BSD form (<c>Nov 24 10:00:00 web-1 sshd[7]:
/// ...</c>), each optionally after a <c>&lt;PRI&gt;</c>.</summary>
/// <remarks>The message is everything after the host, the program tag included, as <c>lad demo</c> reads its own log.
/// A line in none of these forms has no host of its own (the caller gives it the configured one) and is its own
/// message.</remarks>
public static partial class SyslogLine
{
    /// <summary>Splits <paramref name="line"/> into host, message and time.</summary>
    /// <param name="line">The line without its line ending.</param>
    /// <returns>The host (null when the line names none), the message, and the time where the line carries a full date.</returns>
    public static (string? Host, string Message, DateTime? Time) Parse(string line)
    {
        var match = Rfc5424().Match(line);
        if (!match.Success)
        {
            match = Dated().Match(line);
        }

        if (!match.Success)
        {
            match = Bsd().Match(line);
        }

        if (!match.Success)
        {
            return (null, line, null);
        }

        var host = match.Groups["host"].Value;
        var message = match.Groups["message"].Value;
        // A sender that left the host out puts its program tag there.
        if (host == "-" || host.EndsWith(':'))
        {
            return (null, host == "-" ? message : $"{host} {message}", TimeOf(match));
        }

        return (host, message, TimeOf(match));
    }

    private static DateTime? TimeOf(Match match) =>
        match.Groups["iso"].Success && DateTime.TryParse(match.Groups["iso"].Value, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    [GeneratedRegex(@"^<\d{1,3}>\d{1,2} (?<iso>\S+) (?<host>\S+) (?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"^(?:<\d{1,3}>)?(?<iso>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?) (?<host>\S+) (?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Dated();

    [GeneratedRegex(@"^(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} (?<host>\S+) (?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Bsd();
}

namespace Lad.Engine.Source;

/// <summary>
/// The severity a whole syslog line stored as a message carries in its priority, <c>&lt;PRI&gt;</c> at its start
/// (RFC 3164 and 5424: facility × 8 + severity), as the level names the severity scale knows: <c>&lt;134&gt;</c> is
/// local0's <c>INFO</c>, <c>&lt;131&gt;</c> its <c>ERR</c>.
/// </summary>
public static class SyslogPriority
{
    // Severity 0 to 7, the names syslog gives them.
    private static readonly string[] Severities = ["EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"];

    /// <summary>The level <paramref name="message"/>'s opening priority gives, or null when it opens with none (0 to 191).</summary>
    public static string? LevelOf(string message)
    {
        var end = End(message);
        var digits = end == 0 ? [] : message.AsSpan(1, end - 2);
        // RFC 5424: no leading zeros, at most 191 (facility 23, severity 7).
        if (digits.IsEmpty || (digits.Length > 1 && digits[0] == '0')
            || int.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture) is var priority && priority > 191)
        {
            return null;
        }

        return Severities[priority % 8];
    }

    /// <summary>
    /// The level syslog severity <paramref name="severity"/> names (0 <c>EMERG</c> to 7 <c>DEBUG</c>), as shippers
    /// store it in a field of its own (rsyslog's <c>syslog_sever</c>, Logstash's <c>severity</c>); null outside 0 to 7.
    /// </summary>
    public static string? SeverityName(long severity) => severity is >= 0 and <= 7 ? Severities[severity] : null;

    /// <summary>
    /// Where the priority <paramref name="message"/> opens with ends (past its <c>&gt;</c>), or 0 when it opens with none:
    /// one to three digits in angle brackets.
    /// </summary>
    public static int End(string message)
    {
        var close = message.Length > 2 && message[0] == '<' ? message.IndexOf('>', 1) : -1;
        return close is >= 2 and <= 4 && !message.AsSpan(1, close - 1).ContainsAnyExceptInRange('0', '9') ? close + 1 : 0;
    }
}

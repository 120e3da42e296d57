namespace Lad.Engine.Parse;

/// <summary>
/// Character-level recognisers for variable kinds. Hand-written scans instead of regular expressions so the
/// scoring path stays allocation-free and fast.
/// </summary>
internal static class VariableRules
{
    /// <summary>A plain number: optional sign, digits with optional <c>.</c> or <c>,</c> groups, optional exponent.</summary>
    public static bool IsNumber(ReadOnlySpan<char> s)
    {
        var i = s.Length > 1 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        var digits = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var groupSeparator = (c == '.' || c == ',') && i > 0 && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]);
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if ((c == 'e' || c == 'E') && digits > 0 && i + 1 < s.Length)
            {
                if (s[i + 1] is '-' or '+')
                {
                    i++;
                }
            }
            else if (!groupSeparator)
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary><c>0x</c>-prefixed hex, or at least 8 hex digits including a decimal digit.</summary>
    public static bool IsHex(ReadOnlySpan<char> s)
    {
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            return IsAllHex(s[2..]);
        }

        return s.Length >= 8 && IsAllHex(s) && HasDigit(s);
    }

    /// <summary>IPv4 with optional <c>:port</c>; <paramref name="hostLength"/> is where the port's colon sits (or the length).</summary>
    public static bool IsIpv4(ReadOnlySpan<char> s, out int hostLength)
    {
        hostLength = s.Length;
        var groups = 0;
        var i = 0;
        while (groups < 4)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3)
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            groups++;
            if (groups < 4)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        if (i == s.Length)
        {
            return true;
        }

        hostLength = i;
        return s[i] == ':' && i + 1 < s.Length && IsAllDigits(s[(i + 1)..]);
    }

    /// <summary>IPv6: hex groups and at least two colons, nothing else (a trailing <c>%zone</c> is not accepted).</summary>
    public static bool IsIpv6(ReadOnlySpan<char> s)
    {
        if (s.Length < 3 || s.Length > 45)
        {
            return false;
        }

        var colons = 0;
        var hexDigits = 0;
        foreach (var c in s)
        {
            if (c == ':')
            {
                colons++;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                hexDigits++;
            }
            else if (c != '.')
            {
                return false;
            }
        }

        return colons >= 2 && (hexDigits > 0 || s.SequenceEqual("::"));
    }

    /// <summary>A UUID: 8-4-4-4-12 hex digits.</summary>
    public static bool IsUuid(ReadOnlySpan<char> s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An identifier written in hex: at least 8 hex digits, possibly in groups joined by '-' or ':' (UUIDs, MAC
    /// addresses, hashes, request ids), mixing decimal digits and the letters a–f. A <c>0x</c> value is a number or a
    /// code, not an id, and a run of decimal digits alone is a number.
    /// </summary>
    public static bool IsHexId(ReadOnlySpan<char> s)
    {
        if (s.Length < 8 || (s[0] == '0' && s.Length > 1 && s[1] is 'x' or 'X'))
        {
            return false;
        }

        var hexDigits = 0;
        var letters = false;
        var digits = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits = true;
                hexDigits++;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                letters = true;
                hexDigits++;
            }
            else if (c is not ('-' or ':') || i == 0 || i == s.Length - 1 || s[i - 1] is '-' or ':')
            {
                return false;
            }
        }

        return hexDigits >= 8 && letters && digits;
    }

    /// <summary>A URL: a scheme (a letter, then letters, digits, '+', '-', '.') followed by <c>://</c>.</summary>
    public static bool IsUrl(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf("://");
        if (at < 1 || at + 3 >= s.Length || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s[..at])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An e-mail address: <c>local@domain.tld</c>.</summary>
    public static bool IsEmail(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf('@');
        if (at < 1 || at != s.LastIndexOf('@'))
        {
            return false;
        }

        var domain = s[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 1;
    }

    /// <summary>A file path: rooted (<c>/a</c>, <c>./a</c>, <c>../a</c>, <c>~/a</c>, <c>C:\a</c>) with at least one name.</summary>
    public static bool IsPath(ReadOnlySpan<char> s)
    {
        if (s.Length >= 2 && s[0] == '/' && s[1] != '/')
        {
            return true;
        }

        if (s.StartsWith("./") || s.StartsWith("../") || s.StartsWith("~/"))
        {
            return s.Length > 2;
        }

        return s.Length > 3 && char.IsAsciiLetter(s[0]) && s[1] == ':' && s[2] == '\\';
    }

    /// <summary>
    /// A date or time written as one word: starts with a digit, only digits and the separators
    /// <c>- / : . , T Z +</c>, with at least one <c>-</c>, <c>/</c> or <c>:</c> and two digit groups.
    /// </summary>
    public static bool IsDateOrTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 5 || !char.IsAsciiDigit(s[0]))
        {
            return false;
        }

        var separators = 0;
        foreach (var c in s)
        {
            if (c is '-' or '/' or ':')
            {
                separators++;
            }
            else if (!char.IsAsciiDigit(c) && c is not ('.' or ',' or 'T' or 'Z' or '+'))
            {
                return false;
            }
        }

        return separators > 0;
    }

    /// <summary>
    /// <c>host:port</c> where the host is a dotted name or <c>localhost</c> (IPs are handled by <see cref="IsIpv4"/>);
    /// <paramref name="hostLength"/> is where the colon sits.
    /// </summary>
    public static bool IsHostPort(ReadOnlySpan<char> s, out int hostLength)
    {
        hostLength = s.LastIndexOf(':');
        if (hostLength < 1 || hostLength + 1 >= s.Length || s.Length - hostLength - 1 > 5 || !IsAllDigits(s[(hostLength + 1)..]))
        {
            return false;
        }

        var host = s[..hostLength];
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return host.Contains('.') || host.SequenceEqual("localhost");
    }

    /// <summary>An English month or weekday name, abbreviated or full, capitalised (<c>Jun</c>, <c>Friday</c>).</summary>
    public static bool IsMonthOrDay(ReadOnlySpan<char> s)
    {
        // Every name is a capital then lower-case letters: most words fail here, cheaply.
        if (s.Length < 3 || s.Length > LongestCalendarName || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiLetterLower(s[1])
            || (CalendarInitials & (1 << (s[0] - 'A'))) == 0)
        {
            return false;
        }

        foreach (var name in CalendarNames)
        {
            if (name[0] == s[0] && (s.Length == 3 ? name.StartsWith(s) : s.SequenceEqual(name)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A DNS host name: lowercase labels of letters, digits and '-', at least one dot, ending in a common top-level
    /// domain, or in a two-letter country code under a generic second level (<c>edu.hk</c>, <c>co.uk</c>). Names that start with a top-level domain (<c>com.apple.x</c>,
    /// <c>org.apache.y</c>) are reverse-domain identifiers of code, not hosts, and stay constant.
    /// </summary>
    public static bool IsHostName(ReadOnlySpan<char> s)
    {
        var firstDot = s.IndexOf('.');
        var lastDot = s.LastIndexOf('.');
        if (firstDot < 1 || lastDot >= s.Length - 2)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }

        if (s.IndexOf("..") >= 0)
        {
            return false;
        }

        if (IsTopLevelDomain(s[..firstDot]))
        {
            return false;
        }

        var top = s[(lastDot + 1)..];
        if (IsTopLevelDomain(top))
        {
            return true;
        }

        // A country code counts under a generic second level ("edu.hk", "co.uk"); alone, "mapred.task.id" would pass.
        var secondDot = s[..lastDot].LastIndexOf('.');
        var second = s[(secondDot + 1)..lastDot];
        return top.Length == 2 && secondDot >= 0 && (IsTopLevelDomain(second) || second.SequenceEqual("co") || second.SequenceEqual("ac"));
    }

    private static bool IsTopLevelDomain(ReadOnlySpan<char> label)
    {
        foreach (var domain in TopLevelDomains)
        {
            if (label.SequenceEqual(domain))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] TopLevelDomains =
        ["com", "net", "org", "edu", "gov", "mil", "int", "io", "info", "biz", "local", "lan", "internal", "localdomain"];

    /// <summary>A unit of size or time that follows a number ("KB", "ms", "sec", "bytes").</summary>
    public static bool IsUnit(ReadOnlySpan<char> s)
    {
        // Asked of every constant after a value: most start with a letter no unit starts with.
        if (s.Length is 0 or > 7 || (uint)(s[0] - 'A') >= 64 || (UnitInitials & (1UL << (s[0] - 'A'))) == 0)
        {
            return false;
        }

        foreach (var unit in Units)
        {
            if (s.SequenceEqual(unit))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] Units =
    [
        "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kB", "byte", "bytes",
        "ns", "us", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minutes", "hours",
    ];

    // Bit n is set when a unit starts with the character 'A' + n.
    private static readonly ulong UnitInitials = Units.Aggregate(0UL, (mask, unit) => mask | (1UL << (unit[0] - 'A')));

    private static readonly string[] CalendarNames =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ];

    private static readonly int LongestCalendarName = CalendarNames.Max(n => n.Length);

    // A bit per capital a calendar name starts with: most capitalised words ("Receiving", "Connection") start otherwise
    // and are told apart without comparing them to the names.
    private static readonly int CalendarInitials = CalendarNames.Aggregate(0, (bits, name) => bits | (1 << (name[0] - 'A')));

    /// <summary>Whether any character is an ASCII digit.</summary>
    public static bool HasDigit(ReadOnlySpan<char> s)
    {
        // A plain loop: MemoryExtensions.ContainsAnyInRange allocated on every call in this runtime.
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAllHex(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the text is a non-empty run of ASCII digits.</summary>
    public static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}

using System.IO.Hashing;
using System.Runtime.InteropServices;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The process a syslog message names in its tag: a program name starting with a letter (letters, digits,
/// <c>_ - . /</c>, and one parenthesised part such as <c>sshd(pam_unix)</c>), an optional process id in brackets, then a
/// colon and a space or the end (<c>sshd[2417]: </c>, <c>kernel: </c>); a level name without a process id
/// (<c>ERROR: </c>) is no program. The tag opens the message, or follows the header of a whole syslog line stored as the
/// message (<c>&lt;134&gt;Nov  2 09:51:32 sw-1 vlan.msgs: Port 8 link down</c>: a priority, a time, and a host name that
/// may be left out). A host's processes write their lines interleaved; the order of one process's lines says something
/// (a login's steps, a daemon's cycle), the order in which they interleave mostly does not, so a host stream's steps are
/// taken within each process.
/// </summary>
internal static class ProcessTag
{
    private const int MaxLength = 64;

    /// <summary>A number standing for the process <paramref name="message"/>'s tag names, never 0; 0 for a message with no tag.</summary>
    public static ulong Of(string message)
    {
        var (start, length) = Find(message);
        return length == 0 ? 0 : XxHash3.HashToUInt64(MemoryMarshal.AsBytes(message.AsSpan(start, length))) | 1;
    }

    /// <summary>
    /// The program <paramref name="message"/>'s tag names, without its process id (<c>sshd</c> of <c>sshd[2417]: </c>);
    /// empty for a message with no tag.
    /// </summary>
    public static ReadOnlySpan<char> ProgramOf(string message)
    {
        var (start, length) = Find(message);
        return ProgramOfTag(message.AsSpan(start, length));
    }

    /// <summary>The program <paramref name="tag"/> names, without the process id in brackets that may close it.</summary>
    public static ReadOnlySpan<char> ProgramOfTag(ReadOnlySpan<char> tag) =>
        // The process id closes the tag; a parenthesised part before it may hold brackets of its own.
        tag.EndsWith(']') && tag.LastIndexOf('[') is var pid and > 0 ? tag[..pid] : tag;

    /// <summary>Where the tag of <paramref name="message"/> starts and how many chars it takes, colon excluded; length 0 for none.</summary>
    public static (int Start, int Length) Find(string message)
    {
        if (Length(message, 0) is var opening and > 0)
        {
            return (0, opening);
        }

        var afterHeader = HeaderEnd(message);
        if (afterHeader == 0)
        {
            return (0, 0);
        }

        if (Length(message, afterHeader) is var tag and > 0)
        {
            return (afterHeader, tag);
        }

        // The host name between the time and the tag.
        var afterHost = message.IndexOf(' ', afterHeader);
        return afterHost > afterHeader && Length(message, afterHost + 1) is var hosted and > 0 ? (afterHost + 1, hosted) : (0, 0);
    }

    /// <summary>How many chars the tag at <paramref name="start"/> of <paramref name="message"/> takes, colon excluded; 0 when none starts there.</summary>
    private static int Length(string message, int start)
    {
        if (start >= message.Length || !char.IsAsciiLetter(message[start]))
        {
            return 0;
        }

        var i = start + 1;
        var parenthesis = false;
        while (i < message.Length && i - start < MaxLength)
        {
            var c = message[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
            {
                i++;
            }
            else if (c == '(' && !parenthesis)
            {
                var close = message.IndexOf(')', i);
                if (close < 0 || close - start >= MaxLength)
                {
                    return 0;
                }

                parenthesis = true;
                i = close + 1;
            }
            else
            {
                break;
            }
        }

        var name = i;
        if (i < message.Length && message[i] == '[')
        {
            var pid = ++i;
            while (i < message.Length && char.IsAsciiDigit(message[i]))
            {
                i++;
            }

            if (i == pid || i >= message.Length || message[i] != ']')
            {
                return 0;
            }

            i++;
        }

        var tagged = i < message.Length && message[i] == ':' && (i + 1 == message.Length || message[i + 1] == ' ');
        return tagged && (i > name || !SeverityScale.IsLevelName(message.AsSpan(start, name - start))) ? i - start : 0;
    }

    /// <summary>
    /// Where a whole syslog line's header ends (after its priority, if any, and its time and the spaces after it), or 0
    /// when the message does not open with a time: <c>&lt;134&gt;Nov  2 09:51:32 </c> or <c>&lt;34&gt;2026-11-24T10:00:00Z </c>.
    /// </summary>
    private static int HeaderEnd(string message)
    {
        var priority = SyslogPriority.End(message);
        if (priority == 0 && message.StartsWith('<'))
        {
            return 0;
        }

        var i = priority == 0 ? 0 : SkipSpaces(message, priority);
        var end = BsdTimeEnd(message, i);
        if (end == 0)
        {
            end = IsoTimeEnd(message, i);
        }

        return end == 0 ? 0 : SkipSpaces(message, end);
    }

    // "Nov  2 09:51:32" or "Nov 25 12:02:31": a month's three letters, one or two spaces, a day, a time of day.
    private static int BsdTimeEnd(string message, int i)
    {
        if (i + 15 > message.Length || !char.IsAsciiLetterUpper(message[i]) || !char.IsAsciiLetterLower(message[i + 1])
            || !char.IsAsciiLetterLower(message[i + 2]) || message[i + 3] != ' ')
        {
            return 0;
        }

        var day = message[i + 4] == ' ' ? i + 5 : i + 4;
        var time = char.IsAsciiDigit(message[day]) && message[day + 1] == ' ' ? day + 2
            : char.IsAsciiDigit(message[day]) && char.IsAsciiDigit(message[day + 1]) && message[day + 2] == ' ' ? day + 3
            : 0;
        return time > 0 && time + 8 <= message.Length && IsTimeOfDay(message.AsSpan(time, 8)) && (time + 8 == message.Length || message[time + 8] == ' ')
            ? time + 8
            : 0;
    }

    // "2026-11-24T10:00:00Z", with or without fractions and offset: a date, a T and a time of day, up to the next space.
    private static int IsoTimeEnd(string message, int i)
    {
        if (i + 19 > message.Length || message[i + 4] != '-' || message[i + 7] != '-' || message[i + 10] != 'T'
            || message.AsSpan(i, 4).ContainsAnyExceptInRange('0', '9') || !IsTimeOfDay(message.AsSpan(i + 11, 8)))
        {
            return 0;
        }

        var end = message.IndexOf(' ', i + 19);
        return end < 0 ? 0 : end;
    }

    private static bool IsTimeOfDay(ReadOnlySpan<char> text) =>
        text.Length == 8 && text[2] == ':' && text[5] == ':' && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1])
        && char.IsAsciiDigit(text[3]) && char.IsAsciiDigit(text[4]) && char.IsAsciiDigit(text[6]) && char.IsAsciiDigit(text[7]);

    private static int SkipSpaces(string message, int i)
    {
        while (i < message.Length && message[i] == ' ')
        {
            i++;
        }

        return i;
    }
}

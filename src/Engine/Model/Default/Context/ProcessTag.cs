using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The process a syslog message names in the tag it opens with: a program name starting with a letter (letters,
/// digits, <c>_ - . /</c>, and one parenthesised part such as <c>sshd(pam_unix)</c>), an optional process id in
/// brackets, then a colon and a space or the end (<c>sshd[2417]: </c>, <c>kernel: </c>); a level name without a
/// process id (<c>ERROR: </c>) is no program. A host's processes write
/// their lines interleaved; the order of one process's lines says something (a login's steps, a daemon's cycle), the
/// order in which they interleave mostly does not, so a host stream's steps are taken within each process.
/// </summary>
internal static class ProcessTag
{
    private const int MaxLength = 64;

    /// <summary>A number standing for the process <paramref name="message"/>'s tag names, never 0; 0 for a message with no tag.</summary>
    public static ulong Of(string message)
    {
        var length = Length(message);
        return length == 0 ? 0 : XxHash3.HashToUInt64(MemoryMarshal.AsBytes(message.AsSpan(0, length))) | 1;
    }

    /// <summary>How many chars of <paramref name="message"/> the tag takes, colon excluded; 0 when it opens with none.</summary>
    public static int Length(string message)
    {
        if (message.Length == 0 || !char.IsAsciiLetter(message[0]))
        {
            return 0;
        }

        var i = 1;
        var parenthesis = false;
        while (i < message.Length && i < MaxLength)
        {
            var c = message[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
            {
                i++;
            }
            else if (c == '(' && !parenthesis)
            {
                var close = message.IndexOf(')', i);
                if (close < 0 || close >= MaxLength)
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
            var start = ++i;
            while (i < message.Length && char.IsAsciiDigit(message[i]))
            {
                i++;
            }

            if (i == start || i >= message.Length || message[i] != ']')
            {
                return 0;
            }

            i++;
        }

        var tagged = i < message.Length && message[i] == ':' && (i + 1 == message.Length || message[i + 1] == ' ');
        return tagged && (i > name || !SeverityScale.IsLevelName(message.AsSpan(0, name))) ? i : 0;
    }
}

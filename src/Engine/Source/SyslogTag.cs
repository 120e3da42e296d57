using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Source;

/// <summary>
/// Puts a syslog tag kept apart from the message back in front of it. Shippers that store syslog in a database often
/// split the tag off: rsyslog's MongoDB output writes <c>syslog_tag</c> (<c>sshd[2417]:</c>) beside <c>msg</c>, Logstash
/// and Fluent Bit write a <c>program</c> or <c>ident</c> field. The detector reads a line's process from the tag that
/// opens its message (which program wrote which message, and each process's own order of steps), so the tag goes back
/// where a syslog line has it.
/// </summary>
public static class SyslogTag
{
    /// <summary>
    /// <paramref name="message"/> opened by <paramref name="tag"/> (<c>sshd[2417]: Accepted ...</c>). The message stays
    /// as it is when the tag is empty or <c>-</c> (no tag), when it is no syslog tag (a program name, an optional
    /// process id in brackets, a colon optional), or when the message already names that program in its own tag (the
    /// shipper kept the tag in both). A message that opens as if tagged by another (<c>pam_unix(sshd:session): ...</c>)
    /// still gets the tag.
    /// </summary>
    public static string Prefix(string? tag, string message)
    {
        var name = tag.AsSpan().Trim().TrimEnd(':');
        if (name.IsEmpty || name is "-" || ProcessTag.ProgramOf(message).SequenceEqual(ProcessTag.ProgramOfTag(name)))
        {
            return message;
        }

        var tagged = string.Concat(name, ": ", message.AsSpan().TrimStart());
        // Only a tag the detector reads as one: anything else would change the message and say nothing.
        return ProcessTag.Find(tagged) == (0, name.Length) ? tagged : message;
    }
}

using Lad.Engine.Source;

namespace Lad.Engine.Tests.Source;

public class SyslogTagTests
{
    [Theory]
    [InlineData("sshd[2417]:", " Accepted publickey for deploy", "sshd[2417]: Accepted publickey for deploy")]
    [InlineData("sshd", "Accepted publickey for deploy", "sshd: Accepted publickey for deploy")]
    [InlineData(" CRON[77]: ", "(root) CMD (run-parts /etc/cron.hourly)", "CRON[77]: (root) CMD (run-parts /etc/cron.hourly)")]
    [InlineData("sshd(pam_unix)[19939]", "authentication failure;", "sshd(pam_unix)[19939]: authentication failure;")]
    [InlineData("sshd[2417]:", "pam_unix(sshd:session): session opened for user root", "sshd[2417]: pam_unix(sshd:session): session opened for user root")]
    [InlineData("CRON", "sshd[2417]: another program's tag in the message", "CRON: sshd[2417]: another program's tag in the message")]
    public void ATagKeptApartOpensTheMessageAgain(string tag, string message, string expected)
    {
        Assert.Equal(expected, SyslogTag.Prefix(tag, message));
    }

    [Theory]
    [InlineData(null, "Accepted publickey for deploy")]
    [InlineData("", "Accepted publickey for deploy")]
    [InlineData("-", "Accepted publickey for deploy")]
    [InlineData("my app", "a name with a space is no syslog tag")]
    [InlineData("sshd[12a]", "a malformed process id")]
    [InlineData("ERROR", "a level name without a process id is no program")]
    [InlineData("sshd[2417]:", "sshd[2417]: the message already opens with its tag")]
    [InlineData("sshd", "sshd[2417]: the message's own tag names the same program")]
    [InlineData("sshd[2417]", "<86>Nov 25 12:02:31 web-1 sshd[2417]: a whole syslog line naming it")]
    public void AnythingElseLeavesTheMessageAsItIs(string? tag, string message)
    {
        Assert.Same(message, SyslogTag.Prefix(tag, message));
    }
}

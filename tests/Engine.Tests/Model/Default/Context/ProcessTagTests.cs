using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default.Context;

public class ProcessTagTests
{
    [Theory]
    [InlineData("sshd[24200]: reverse mapping checking getaddrinfo", "sshd[24200]")]
    [InlineData("kernel: Out of memory: Kill process 4711", "kernel")]
    [InlineData("sshd(pam_unix)[19939]: authentication failure; logname=", "sshd(pam_unix)[19939]")]
    [InlineData("CRON[3121]: (root) CMD (run-parts /etc/cron.hourly)", "CRON[3121]")]
    [InlineData("com.apple.cts[43]: com.apple.icloud.fmfd.heartbeat: scheduler", "com.apple.cts[43]")]
    [InlineData("systemd-logind: New session 5 of user root.", "systemd-logind")]
    [InlineData("ERROR[12]: a level word with a process id is a process", "ERROR[12]")]
    [InlineData("sshd:", "sshd")]
    public void AMessageOpeningWithASyslogTagNamesItsProcess(string message, string tag)
    {
        Assert.Equal(tag.Length, ProcessTag.Length(message));
        Assert.NotEqual(0UL, ProcessTag.Of(message));
    }

    [Theory]
    [InlineData("10.251.42.207:50010:Got exception while serving blk_1")]
    [InlineData("ERROR: disk full")]
    [InlineData("Warning: the level of an application's own line")]
    [InlineData("http://example.com/ returned 502")]
    [InlineData("key:value pairs follow")]
    [InlineData("instruction cache parity error corrected")]
    [InlineData("sshd[12a]: not a process id")]
    [InlineData("sshd[]: no process id")]
    [InlineData("(root) CMD (run-parts)")]
    [InlineData("")]
    public void AMessageWithoutOneNamesNone(string message)
    {
        Assert.Equal(0, ProcessTag.Length(message));
        Assert.Equal(0UL, ProcessTag.Of(message));
    }

    [Fact]
    public void TheSameTagIsTheSameProcessAndAnotherIdAnother()
    {
        Assert.Equal(ProcessTag.Of("sshd[7]: Accepted password for ann"), ProcessTag.Of("sshd[7]: session opened for user ann"));
        Assert.NotEqual(ProcessTag.Of("sshd[7]: Accepted password for ann"), ProcessTag.Of("sshd[8]: Accepted password for ann"));
    }
}

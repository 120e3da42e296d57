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
        Assert.Equal((0, tag.Length), ProcessTag.Find(message));
        Assert.NotEqual(0UL, ProcessTag.Of(message));
    }

    [Theory]
    [InlineData("sshd[24200]: reverse mapping checking getaddrinfo", "sshd")]
    [InlineData("kernel: Out of memory: Kill process 4711", "kernel")]
    [InlineData("sshd(pam_unix)[19939]: authentication failure; logname=", "sshd(pam_unix)")]
    [InlineData("app(worker[2])[77]: a parenthesised part holding brackets", "app(worker[2])")]
    [InlineData("<86>Nov 25 12:02:31 web-1 CRON[3121]: (root) CMD (run-parts /etc/cron.hourly)", "CRON")]
    [InlineData("10.251.42.207:50010:Got exception while serving blk_1", "")]
    [InlineData("ERROR: disk full", "")]
    public void TheProgramIsTheTagWithoutItsProcessId(string message, string program)
    {
        Assert.Equal(program, ProcessTag.ProgramOf(message).ToString());
    }

    [Theory]
    [InlineData("<134> Nov  2 09:51:32 AAA: User admin logout from ssh (172.17.17.100)", "AAA")]
    [InlineData("<134>Nov  8 17:28:19 vlan.msgs: Port 8 link down", "vlan.msgs")]
    [InlineData("Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo", "sshd[24200]")]
    [InlineData("<86>Nov 25 12:02:31 web-1 CRON[3121]: (root) CMD (run-parts /etc/cron.hourly)", "CRON[3121]")]
    [InlineData("<34>2026-11-24T10:00:00.849Z web-1 cron[42]: job done", "cron[42]")]
    public void AWholeSyslogLineStoredAsTheMessageNamesTheProcessAfterItsHeader(string message, string tag)
    {
        var (start, length) = ProcessTag.Find(message);

        Assert.Equal(tag, message.Substring(start, length));
        Assert.Equal(ProcessTag.Of(tag + ": the same process"), ProcessTag.Of(message));
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
    [InlineData("<158>Nov 25 12:02:31 195-137-160-145 nginx-access 80.94.224.36 - - \"GET / HTTP/1.1\" 200 3717")]
    [InlineData("2015-07-29 19:52:16,002 - INFO  [main:QuorumPeerMain@127] - Starting quorum peer")]
    [InlineData("<134>no time follows: so no header")]
    [InlineData("Nov 25 12:02:31")]
    public void AMessageWithoutOneNamesNone(string message)
    {
        Assert.Equal(0, ProcessTag.Find(message).Length);
        Assert.Equal(0UL, ProcessTag.Of(message));
    }

    [Fact]
    public void TheSameTagIsTheSameProcessAndAnotherIdAnother()
    {
        Assert.Equal(ProcessTag.Of("sshd[7]: Accepted password for ann"), ProcessTag.Of("sshd[7]: session opened for user ann"));
        Assert.NotEqual(ProcessTag.Of("sshd[7]: Accepted password for ann"), ProcessTag.Of("sshd[8]: Accepted password for ann"));
    }
}

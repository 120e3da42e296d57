using Lad.Engine.Source.Files;

namespace Lad.Engine.Tests.Source.Files;

public class SyslogLineTests
{
    [Theory]
    [InlineData("Nov 24 10:00:00 web-1 sshd[7]: Accepted publickey for deploy", "web-1", "sshd[7]: Accepted publickey for deploy")]
    [InlineData("Nov  4 09:05:01 db-2 CRON[88]: (root) CMD (run-parts)", "db-2", "CRON[88]: (root) CMD (run-parts)")]
    [InlineData("<34>Nov 24 10:00:00 sw-3 kernel: link down", "sw-3", "kernel: link down")]
    [InlineData("2026-11-24T10:00:00.849Z host-02 cron[42]: INFO job done", "host-02", "cron[42]: INFO job done")]
    [InlineData("2026-11-24T10:00:00+01:00 edge-1 nginx: 502 upstream", "edge-1", "nginx: 502 upstream")]
    [InlineData("<165>1 2026-11-24T10:00:00.003Z mymachine evntslog - ID47 - An application event", "mymachine", "evntslog - ID47 - An application event")]
    public void TheHostAndMessageOfEachSyslogForm(string line, string host, string message)
    {
        var parsed = SyslogLine.Parse(line);

        Assert.Equal((host, message), (parsed.Host, parsed.Message));
    }

    [Theory]
    [InlineData("2026-11-24 10:00:00,123 INFO [main] started")]
    [InlineData("[2026-11-24 10:00:00] worker.ERROR: timeout")]
    [InlineData("plain text without a header")]
    public void OtherLinesHaveNoHostAndAreTheirOwnMessage(string line)
    {
        var parsed = SyslogLine.Parse(line);

        Assert.Null(parsed.Host);
        Assert.Equal(line, parsed.Message);
    }

    [Fact]
    public void ASenderThatLeftTheHostOutKeepsItsTagInTheMessage()
    {
        var parsed = SyslogLine.Parse("Nov 24 10:00:00 kernel: oom-killer invoked");

        Assert.Null(parsed.Host);
        Assert.Equal("kernel: oom-killer invoked", parsed.Message);
    }

    [Fact]
    public void AFullDateIsTheLinesTime()
    {
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc), SyslogLine.Parse("2026-11-24T10:00:00+01:00 edge-1 nginx: up").Time);
        Assert.Null(SyslogLine.Parse("Nov 24 10:00:00 web-1 sshd[7]: up").Time);
    }
}

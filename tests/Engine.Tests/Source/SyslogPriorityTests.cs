using Lad.Engine.Source;

namespace Lad.Engine.Tests.Source;

public class SyslogPriorityTests
{
    [Theory]
    [InlineData("<134> Nov  2 09:51:32 AAA: User admin logout from ssh", "INFO")]
    [InlineData("<131>Nov  2 09:51:32 AAA: authentication backend unreachable", "ERR")]
    [InlineData("<158>Nov 25 12:02:31 web-1 nginx-access 80.94.224.36 - -", "INFO")]
    [InlineData("<0>Nov  2 09:51:32 kernel: panic", "EMERG")]
    [InlineData("<191>2026-11-24T10:00:00Z web-1 app - - debug trace", "DEBUG")]
    [InlineData("<36>1 2026-11-24T10:00:00Z web-1 sshd 2417 - - Connection closed", "WARNING")]
    public void AWholeSyslogLineHasTheSeverityOfItsPriority(string message, string level)
    {
        Assert.Equal(level, SyslogPriority.LevelOf(message));
    }

    [Fact]
    public void ASeverityNumberNamesTheSameLevelAsAPriorityOfThatSeverity()
    {
        for (var severity = 0; severity < 8; severity++)
        {
            Assert.Equal(SyslogPriority.LevelOf($"<{16 * 8 + severity}>Nov  2 09:51:32 AAA: x"), SyslogPriority.SeverityName(severity));
        }

        Assert.Null(SyslogPriority.SeverityName(8));
        Assert.Null(SyslogPriority.SeverityName(-1));
    }

    [Theory]
    [InlineData("sshd[7]: Accepted publickey for deploy")]
    [InlineData("<192>Nov  2 09:51:32 beyond the last facility")]
    [InlineData("<034>Nov  2 09:51:32 a leading zero")]
    [InlineData("<>Nov  2 09:51:32 no digits")]
    [InlineData("<1234>Nov  2 09:51:32 four digits")]
    [InlineData("<html> is not a priority")]
    [InlineData("<13")]
    [InlineData("")]
    public void AMessageOpeningWithoutAPriorityHasNoLevelFromIt(string message)
    {
        Assert.Null(SyslogPriority.LevelOf(message));
    }
}

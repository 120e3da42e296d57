using Lad.Client.Commands;
using Lad.Grains.Abstractions.Detection;

namespace Lad.Integration.Tests.Console;

/// <summary>The threshold column of <c>lad hosts</c>.</summary>
public class HostsThresholdTextTests
{
    private static HostStatus Status(double? threshold, double? routine) => new(
        new HostKey("logs", "web-1"), DetectorPhase.Detecting, null, 1, 1, null, 100, 5, threshold, false, 0, 0, null, "",
        new Dictionary<string, long>(), new Dictionary<string, long>(), RoutineThreshold: routine);

    [Fact]
    public void ShowsTheRoutineTemplatesBarAfterTheOtherWhereItIsLower()
    {
        Assert.Equal("0.35 / 0.162", HostsCommand.ThresholdText(Status(0.35, 0.162)));
        Assert.Equal("0.35", HostsCommand.ThresholdText(Status(0.35, 0.35)));
        Assert.Equal("0.35", HostsCommand.ThresholdText(Status(0.35, null)));
        Assert.Equal("-", HostsCommand.ThresholdText(Status(null, null)));
    }
}

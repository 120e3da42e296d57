using Lad.Client.Cluster;
using Lad.Grains.Abstractions;

namespace Lad.Integration.Tests.Console;

/// <summary>The exit codes and messages of a cluster command whose request is refused or whose cluster goes away.</summary>
public class ClusterCommandGuardTests
{
    [Fact]
    public async Task ARefusedRequestIsCode1WithItsReason()
    {
        var error = new StringWriter();

        var code = await ClusterCommand.GuardAsync("feedback", error, () => throw new LadRequestException("id: no anomaly 'x'"));

        Assert.Equal(1, code);
        Assert.Equal("lad feedback: id: no anomaly 'x'" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task AClusterLostOrSilentMidCommandIsCode2()
    {
        var lost = new StringWriter();
        var silent = new StringWriter();

        Assert.Equal(2, await ClusterCommand.GuardAsync("hosts", lost, () => throw new SiloUnavailableException("silo S127.0.0.1:11111 is gone")));
        Assert.Equal(2, await ClusterCommand.GuardAsync("hosts", silent, () => throw new TimeoutException("Response did not arrive on time")));

        Assert.Equal("lad hosts: lost the cluster (silo S127.0.0.1:11111 is gone)" + Environment.NewLine, lost.ToString());
        Assert.Equal("lad hosts: lost the cluster (Response did not arrive on time)" + Environment.NewLine, silent.ToString());
    }
}

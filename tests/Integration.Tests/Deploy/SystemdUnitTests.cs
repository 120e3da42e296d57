namespace Lad.Integration.Tests.Deploy;

public class SystemdUnitTests
{
    private static readonly SystemdUnit Unit = SystemdUnit.Parse(RepositoryFiles.Read("deploy/systemd/anomaly_detector.service"));

    [Fact]
    public void ServiceIsANotifyingRestartingServiceOfItsOwnUser()
    {
        Assert.Equal("notify", Unit.Single("Service", "Type"));
        Assert.Equal("on-failure", Unit.Single("Service", "Restart"));
        Assert.Equal("anomaly_detector", Unit.Single("Service", "User"));
        Assert.Equal("multi-user.target", Unit.Single("Install", "WantedBy"));
        Assert.Contains("network-online.target", Unit.Single("Unit", "After"), StringComparison.Ordinal);
    }

    [Fact]
    public void ExecStartRunsTheInstalledSiloWithTheInstalledConfig()
    {
        var exec = Unit.Single("Service", "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["/opt/anomaly_detector/bin/lad-silo", "--config", "/opt/anomaly_detector/multihost.yaml"], exec);
    }

    [Theory]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("PrivateDevices", "yes")]
    [InlineData("ProtectKernelTunables", "yes")]
    [InlineData("ProtectKernelModules", "yes")]
    [InlineData("ProtectControlGroups", "yes")]
    [InlineData("RestrictSUIDSGID", "yes")]
    [InlineData("CapabilityBoundingSet", "")]
    [InlineData("ReadWritePaths", "/var/lib/anomaly_detector")]
    [InlineData("SystemCallErrorNumber", "EPERM")]
    [InlineData("PrivateUsers", "yes")]
    [InlineData("ProtectProc", "invisible")]
    [InlineData("RemoveIPC", "yes")]
    public void Hardened(string key, string expected) => Assert.Equal(expected, Unit.Single("Service", key));

    [Fact]
    public void SystemCallsAreFilteredToThoseOfAService() =>
        Assert.Equal(["@system-service", "~@privileged"], Unit.Values("Service", "SystemCallFilter"));

    [Fact]
    public void SystemdRatesTheUnitsExposureLow()
    {
        const string Analyze = "/usr/bin/systemd-analyze";
        Assert.SkipWhen(!File.Exists(Analyze), $"{Analyze} is not installed (Debian package systemd)");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            Analyze, ["security", "--offline=yes", "--no-pager", RepositoryFiles.PathOf("deploy/systemd/anomaly_detector.service")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        var match = System.Text.RegularExpressions.Regex.Match(output, @"Overall exposure level for \S+: (\d+\.\d)");
        Assert.True(match.Success, output);
        // 3.2 before SystemCallFilter, PrivateUsers, ProtectProc and the rest; 1.2 with them.
        Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.0, 2.0);
    }

    [Fact]
    public void JitKeepsWritableExecutableMemory() =>
        Assert.DoesNotContain("MemoryDenyWriteExecute", Unit.Keys("Service"));

    [Fact]
    public void StoppingLeavesTheSiloItsShutdownTime() =>
        Assert.True(int.Parse(Unit.Single("Service", "TimeoutStopSec"), System.Globalization.CultureInfo.InvariantCulture) > 30,
            "TimeoutStopSec must exceed lad-silo's 30 s shutdown timeout");
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Management;

namespace Lad.Integration.Tests.Management;

public class UnappliedLogSourcesTests
{
    private static readonly LogSourceConfig Network = new("network_logs", ["cumulus", "EXOS-VM"], "network_anomaly");

    [Fact]
    public void HostsAndSettingsTheStoredSourcesHoldAreNotNamedWhateverElseTheyHold()
    {
        SourceDefinition[] stored = [new("network_logs", ["EXOS-VM", "cumulus", "added-at-run-time"], "network_anomaly", null, null)];

        Assert.Null(UnappliedLogSources.Describe([Network], stored));
        Assert.Null(UnappliedLogSources.Describe([], stored));
    }

    [Fact]
    public void HostsAddedToTheYamlAfterTheFirstStartAndSourcesRemovedSinceAreNamedInTheYamlsOrder()
    {
        SourceDefinition[] stored = [new("network_logs", ["cumulus"], "network_anomaly", null, null)];
        var web = new LogSourceConfig("web_logs", ["dataform"], "web_anomaly");

        Assert.Equal("network_logs/EXOS-VM, web_logs/dataform", UnappliedLogSources.Describe([Network, web], stored));
    }

    [Fact]
    public void ASettingTheYamlChangedIsNamedWithTheStoredValue()
    {
        SourceDefinition[] stored = [new("network_logs", ["cumulus", "EXOS-VM"], "old_anomaly", null, null)];
        var changed = Network with { SessionRegex = "session=(\\w+)" };

        Assert.Equal(
            "network_logs MG_TARGET_COL 'network_anomaly' (stored 'old_anomaly'), network_logs SESSION_REGEX 'session=(\\w+)' (stored none)",
            UnappliedLogSources.Describe([changed], stored));
    }

    [Fact]
    public void BeyondTenHostsTheRestAreCounted()
    {
        var many = new LogSourceConfig("switch_logs", [.. Enumerable.Range(0, 25).Select(i => $"sw{i}")], "switch_anomaly");

        var text = UnappliedLogSources.Describe([many], []);

        Assert.Equal(string.Join(", ", Enumerable.Range(0, 10).Select(i => $"switch_logs/sw{i}")) + " and 15 more", text);
    }
}

using System.CommandLine;
using Lad.Client.Cluster;

namespace Lad.Integration.Tests.Console;

/// <summary>How <c>lad</c> finds the gateway and the cluster's ids from options, environment and the YAML.</summary>
public class ClusterTargetTests
{
    [Fact]
    public void WithoutConfigOrEnvironmentTheIdsAreLadSilosDefaults()
    {
        var target = TargetOf([], []);

        Assert.Equal(new ClusterTarget(ClusterConnection.DefaultGateway, "lad", "lad"), target);
    }

    [Fact]
    public void TheConfigNamesTheGatewayPortAndBothIds()
    {
        var config = WriteConfig("GATEWAY_PORT: 31000\nCLUSTER_ID: east\nSERVICE_ID: logs\n");
        try
        {
            Assert.Equal(new ClusterTarget("127.0.0.1:31000", "east", "logs"), TargetOf(["--config", config], []));
            Assert.Equal(new ClusterTarget("127.0.0.1:31000", "east", "logs"), TargetOf([], new() { ["LAD_CONFIG"] = config }));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void AGatewayOptionKeepsTheConfigsIds()
    {
        var config = WriteConfig("CLUSTER_ID: east\n");
        try
        {
            Assert.Equal(new ClusterTarget("silo-1:30000", "east", "lad"), TargetOf(["--gateway", "silo-1:30000", "--config", config], []));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void TheEnvironmentsIdsWinOverTheConfigs()
    {
        var config = WriteConfig("CLUSTER_ID: east\nSERVICE_ID: logs\n");
        try
        {
            var target = TargetOf(["--config", config], new() { ["LAD_CLUSTER_ID"] = "west", ["LAD_SERVICE_ID"] = "audit" });

            Assert.Equal(new ClusterTarget("127.0.0.1:30000", "west", "audit"), target);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void ABadConfigIsAConfigErrorNamingTheKey()
    {
        var config = WriteConfig("CLUSTER_ID: \"\"\n");
        try
        {
            var error = Assert.Throws<ClusterUnavailableException>(() => TargetOf(["--config", config], []));

            Assert.Contains("CLUSTER_ID", error.Message);
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static ClusterTarget TargetOf(string[] args, Dictionary<string, string> environment)
    {
        var lookup = ClusterCommand.Options();
        var parse = lookup.AddTo(new RootCommand()).Parse(args);
        return lookup.Target(parse, name => environment.GetValueOrDefault(name));
    }

    private static string WriteConfig(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lad-target-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            MG_URI: "mongodb://127.0.0.1:1"
            MG_INPUT_DB: logs
            MG_TARGET_DB: lad
            LOG_SOURCES:
              network_logs:
                HOSTNAMES: [cumulus]
                MG_TARGET_COL: network_anomalies

            """ + yaml);
        return path;
    }
}

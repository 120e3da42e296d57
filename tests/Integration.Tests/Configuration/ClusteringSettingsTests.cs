using System.Net;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Integration.Tests.Configuration;

public class ClusteringSettingsTests
{
    private const string Base = """
        MG_URI: "mongodb://db:27017"
        MG_INPUT_DB: "in"
        MG_TARGET_DB: "out"
        LOG_SOURCES:
          "net":
            HOSTNAMES: ["a"]
            MG_TARGET_COL: "net_anomaly"

        """;

    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void DefaultsAreOneLocalSiloNamedLad()
    {
        var config = LadConfigLoader.Load(Base, NoEnvironment);
        Assert.Equal((ClusteringMode.Localhost, 11111, 30000, "lad", "lad"),
            (config.Clustering, config.SiloPort, config.GatewayPort, config.ClusterId, config.ServiceId));
        Assert.Null(config.AdvertisedIp);
    }

    [Fact]
    public void PodsSetMongoClusteringAndTheirIpThroughTheEnvironment()
    {
        var config = LadConfigLoader.Load(Base + "SILO_PORT: 12000\nGATEWAY_PORT: 31000\nCLUSTER_ID: prod\n",
            new Dictionary<string, string> { ["LAD_CLUSTERING"] = "Mongo", ["LAD_ADVERTISED_IP"] = "10.42.0.17" });
        Assert.Equal((ClusteringMode.Mongo, 12000, 31000, "prod"), (config.Clustering, config.SiloPort, config.GatewayPort, config.ClusterId));
        Assert.Equal(IPAddress.Parse("10.42.0.17"), config.AdvertisedIp);
    }

    [Theory]
    [InlineData("CLUSTERING: consul", "CLUSTERING", "\"consul\"")]
    [InlineData("CLUSTERING: 1", "CLUSTERING", "\"1\"")]
    [InlineData("SILO_PORT: 70000", "SILO_PORT", "70000")]
    [InlineData("GATEWAY_PORT: 0", "GATEWAY_PORT", "got 0")]
    [InlineData("GATEWAY_PORT: 11111", "GATEWAY_PORT", "must differ from SILO_PORT")]
    [InlineData("ADVERTISED_IP: pod.local", "ADVERTISED_IP", "\"pod.local\"")]
    [InlineData("SERVICE_ID: \"\"", "SERVICE_ID", "is empty")]
    [InlineData("CLUSTER_ID: \" \"", "CLUSTER_ID", "is empty")]
    public void BadClusterSettingIsNamed(string line, string key, string detail)
    {
        var ex = Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(Base + line + "\n", NoEnvironment));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Mongo;

public class MongoConnectionStringTests(MongoServerFixture server)
{
    private const string Yaml = """
        MG_INPUT_DB: "logstoredb"
        MG_TARGET_DB: "anomalydb"
        LOG_SOURCES:
          "web_logs":
            HOSTNAMES: ["dataform"]
            MG_TARGET_COL: "web_anomaly"
        """;

    [Fact]
    public async Task HostAndPortKeysReachTheServer()
    {
        var address = server.Client.Settings.Server;
        var config = LadConfigLoader.Load(Yaml, new Dictionary<string, string>
        {
            ["LAD_MG_HOST"] = address.Host,
            ["LAD_MG_PORT"] = address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(1.0, await PingAsync(MongoConnectionString.From(config)));
    }

    [Fact]
    public async Task UriKeyReachesTheServer()
    {
        _ = server.Client;
        var config = LadConfigLoader.Load(Yaml, new Dictionary<string, string> { ["LAD_MG_URI"] = server.ConnectionString });

        Assert.Equal(1.0, await PingAsync(MongoConnectionString.From(config)));
    }

    private static async Task<double> PingAsync(string connectionString)
    {
        using var client = new MongoClient(connectionString);
        var reply = await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(
            new BsonDocument("ping", 1), cancellationToken: TestContext.Current.CancellationToken);
        return reply["ok"].ToDouble();
    }
}

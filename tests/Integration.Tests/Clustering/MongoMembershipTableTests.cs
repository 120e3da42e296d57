using Lad.Grains.Clustering;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Clustering;

/// <summary>The membership conformance suite on jongodb, plus what needs no server.</summary>
public sealed class MongoMembershipTableTests(JongodbServerFixture server)
    : MembershipTableConformance(server), IClassFixture<JongodbServerFixture>
{
    [Fact]
    public void InvalidOptionsNameEveryProblem()
    {
        var options = new MongoClusteringOptions { ConnectionString = "localhost:27017", Database = "my.db", CollectionPrefix = "x$" };

        var error = Assert.Throws<OrleansConfigurationException>(
            new MongoTableOptionsValidator<MongoClusteringOptions>(Microsoft.Extensions.Options.Options.Create(options), "MongoDB clustering").ValidateConfiguration);

        Assert.Equal(
            "MongoDB clustering: MongoClusteringOptions.ConnectionString must start with mongodb:// or mongodb+srv://; MongoClusteringOptions.Database 'my.db' "
            + "contains a character MongoDB forbids in database names (/\\. \"$); MongoClusteringOptions.CollectionPrefix 'x$' may not contain '$' or start with 'system.'.",
            error.Message);
    }
}

/// <summary>The membership conformance suite on the real MongoDB of <c>LAD_TEST_MONGODB_URI</c> (skipped, saying so, without it).</summary>
public sealed class RealMongoMembershipTableTests(RealMongoServerFixture server)
    : MembershipTableConformance(server), IClassFixture<RealMongoServerFixture>;

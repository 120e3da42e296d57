using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Reminders;

/// <summary>The reminder conformance suite on jongodb, plus what needs no server.</summary>
public sealed class MongoReminderTableTests(JongodbServerFixture server)
    : ReminderTableConformance(server), IClassFixture<JongodbServerFixture>
{
    [Fact]
    public void InvalidOptionsAreReportedForTheReminderProvider()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => new MongoReminderTable(
            Options.Create(new MongoReminderOptions { ConnectionString = "", Database = "" }),
            Options.Create(new ClusterOptions())));

        Assert.Equal("MongoDB reminders: ConnectionString is empty; Database is empty.", error.Message);
    }
}

/// <summary>The reminder conformance suite on the real MongoDB of <c>LAD_TEST_MONGODB_URI</c> (skipped, saying so, without it).</summary>
public sealed class RealMongoReminderTableTests(RealMongoServerFixture server)
    : ReminderTableConformance(server), IClassFixture<RealMongoServerFixture>;

using Lad.Grains.Clustering;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Lad.Integration.Tests.Reminders;

/// <summary>The reminder conformance suite on jongodb, plus what needs no server.</summary>
public sealed class MongoReminderTableTests(JongodbServerFixture server)
    : ReminderTableConformance(server), IClassFixture<JongodbServerFixture>
{
    [Fact]
    public void InvalidOptionsAreReportedForTheReminderProvider()
    {
        var validator = new MongoTableOptionsValidator<MongoReminderOptions>(
            Options.Create(new MongoReminderOptions { ConnectionString = "", Database = "" }), "MongoDB reminders");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Equal("MongoDB reminders: MongoReminderOptions.ConnectionString is empty; MongoReminderOptions.Database is empty.", error.Message);
    }
}

/// <summary>The reminder conformance suite on the real MongoDB of <c>LAD_TEST_MONGODB_URI</c> (skipped, saying so, without it).</summary>
public sealed class RealMongoReminderTableTests(RealMongoServerFixture server)
    : ReminderTableConformance(server), IClassFixture<RealMongoServerFixture>;

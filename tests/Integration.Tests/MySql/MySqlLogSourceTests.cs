using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.MySql;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;

namespace Lad.Integration.Tests.MySql;

[Collection(MariaDbCollection.Name)]
public class MySqlLogSourceTests(MariaDbServerFixture server)
{
    private static readonly DateTime Now = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    // The fork's column names (MESSAGE_INDEX, HOSTNAME_INDEX, DATETIME_INDEX of its mysql.yaml).
    private static readonly MongoDocumentShape Shape = new("message", "hostname", null, "received_at", 200);

    [Fact]
    public async Task TrainingReadsTheHostsNewestRowsOfTheSpanBeforeTheBoundaryOldestFirst()
    {
        var (source, database) = await NewSourceAsync();
        // One row per hour, from 29 h ago to 1 h ago; every third one belongs to another host. One more after the boundary.
        for (var i = 0; i < 29; i++)
        {
            await InsertAsync(database, i % 3 == 0 ? "other" : "web1", $"line {i}", Now.AddHours(i - 29));
        }

        await InsertAsync(database, "web1", "after the boundary", Now.AddSeconds(1));

        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromHours(20), 8, Now, ObjectIdTime.EarliestAt(Now), ObjectIdTime.EarliestAt(Now.AddHours(-4.5)),
            TestContext.Current.CancellationToken);

        // Within the last 20 h (i >= 9) web1 has i = 10,11,13,14,16,17,19,20,22,23,25,26,28; the newest 8 are kept.
        Assert.Equal(["line 17", "line 19", "line 20", "line 22", "line 23", "line 25", "line 26", "line 28"], set.Records.Select(r => r.Record.Message));
        Assert.All(set.Records, r => Assert.Equal("web1", r.Record.Host));
        Assert.Equal(Now.AddHours(-1), set.Records[^1].Time);
        // Rows are named by their primary key (logid is the row's number, from 1).
        Assert.Equal(new BsonInt64(29), set.Records[^1].Id);
        // Read within the last 4.5 h: i = 25, 26, 28, handed to the first poll as handled.
        Assert.Equal(["26", "27", "29"], set.TimedAbove.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Empty(set.IdsAbove);
    }

    [Fact]
    public async Task PollingReadsEachRowAfterTheFloorOnceInTimeOrderAndLateRowsWithinTheLookBack()
    {
        var (source, database) = await NewSourceAsync();
        var window = new TimedWindow(TimeSpan.FromMinutes(5), Now, DateTime.MinValue, []);
        for (var i = 1; i <= 5; i++)
        {
            await InsertAsync(database, "web1", $"new {i}", Now.AddSeconds(i));
        }

        await InsertAsync(database, "web1", "before the position", Now.AddMinutes(-10));
        await InsertAsync(database, "other", "another host's", Now.AddSeconds(3));
        var first = await source.PollTimedAsync("logs", "web1", window, 3, TestContext.Current.CancellationToken);
        window.Add(first.Read, Now.AddSeconds(5));
        var second = await source.PollTimedAsync("logs", "web1", window, 3, TestContext.Current.CancellationToken);
        window.Add(second.Read, Now.AddSeconds(5));

        // A row committed late, dated a minute behind the newest line read: within the 5-minute look-back, so read once.
        await InsertAsync(database, "web1", "late", Now.AddMinutes(-1));
        var third = await source.PollTimedAsync("logs", "web1", window, 3, TestContext.Current.CancellationToken);
        window.Add(third.Read, Now.AddSeconds(5));
        var fourth = await source.PollTimedAsync("logs", "web1", window, 3, TestContext.Current.CancellationToken);

        Assert.Equal(["new 1", "new 2", "new 3"], first.Records.Select(r => r.Record.Message));
        Assert.Equal(["new 4", "new 5"], second.Records.Select(r => r.Record.Message));
        Assert.Equal(["late"], third.Records.Select(r => r.Record.Message));
        Assert.Empty(fourth.Read);
        Assert.Equal(Now.AddSeconds(2), first.Records[1].Time);
        Assert.Equal("new 2", first.Records[1].Document["message"].AsString);
    }

    [Fact]
    public async Task UnusableRowsAreCountedAndRowsWithoutATimeAreReportedAsUnorderable()
    {
        var (source, database) = await NewSourceAsync();
        await InsertAsync(database, "web1", null, Now.AddSeconds(1));
        await InsertAsync(database, "web1", new string('x', 201), Now.AddSeconds(2));
        await InsertAsync(database, "web1", "fine", Now.AddSeconds(3));
        await InsertAsync(database, "web1", "no time", null);
        var window = new TimedWindow(TimeSpan.FromMinutes(5), Now, DateTime.MinValue, []);

        var batch = await source.PollTimedAsync("logs", "web1", window, 10, TestContext.Current.CancellationToken);
        var (count, example) = await source.CountUnorderableAsync("logs", "web1", TestContext.Current.CancellationToken);

        Assert.Equal(["fine"], batch.Records.Select(r => r.Record.Message));
        Assert.Equal(3, batch.Handled);
        Assert.Equal(new Dictionary<SkipReason, int> { [SkipReason.MissingMessage] = 1, [SkipReason.MessageTooLong] = 1 }, batch.Skipped);
        Assert.Equal((1L, new BsonInt64(4)), (count, example));
    }

    [Theory]
    [InlineData("received_at", "ts", "MySQL table {db}.logs has no column 'received_at' (DATETIME_INDEX); its columns are hostname, logid, message, ts")]
    [InlineData("message", "msg", "MySQL table {db}.logs has no column 'message' (MESSAGE_INDEX); its columns are hostname, logid, msg, received_at")]
    public async Task ATableWithoutANamedColumnIsOneErrorNamingTheColumnItsKeyAndTheTable(string column, string instead, string expected)
    {
        var database = await server.NewDatabaseAsync("mysql_schema");
        await server.ExecuteAsync(database, CreateLogs.Replace($"`{column}`", $"`{instead}`", StringComparison.Ordinal));
        var source = new MySqlLogSource(server.Connections(database), Shape, ForkKeys);

        var error = await Assert.ThrowsAsync<MySqlSchemaException>(() => source.PollTimedAsync(
            "logs", "web1", new TimedWindow(TimeSpan.FromMinutes(5), Now, DateTime.MinValue, []), 10, TestContext.Current.CancellationToken));

        Assert.Equal(expected.Replace("{db}", database, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task AMissingTableATimeColumnWithoutDatesAndATableWithoutAKeyAreNamed()
    {
        var database = await server.NewDatabaseAsync("mysql_shape");
        await server.ExecuteAsync(database, "CREATE TABLE text_time (logid BIGINT PRIMARY KEY, message TEXT, hostname VARCHAR(255), received_at VARCHAR(40))");
        await server.ExecuteAsync(database, "CREATE TABLE no_key (message TEXT, hostname VARCHAR(255), received_at DATETIME)");
        var source = new MySqlLogSource(server.Connections(database), Shape, ForkKeys);

        async Task<string> ErrorOf(string table) => (await Assert.ThrowsAsync<MySqlSchemaException>(() => TrainingHistory.ReadAsync(source,
            table, "web1", TimeSpan.FromDays(1), 10, Now, ObjectIdTime.EarliestAt(Now), ObjectId.Empty, TestContext.Current.CancellationToken))).Message;

        Assert.Equal($"MySQL table {database}.missing does not exist (LOG_SOURCES names the input tables, MYSQL_INPUT_DB their database)", await ErrorOf("missing"));
        Assert.Equal($"MySQL table {database}.text_time: column 'received_at' (DATETIME_INDEX) is varchar; LAD orders rows by it and needs DATETIME or TIMESTAMP",
            await ErrorOf("text_time"));
        Assert.StartsWith($"MySQL table {database}.no_key has no PRIMARY KEY; LAD names each row by it", await ErrorOf("no_key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgramColumnPutsItsTagBackInFrontOfTheMessage()
    {
        var database = await server.NewDatabaseAsync("mysql_program");
        await server.ExecuteAsync(database, CreateLogs.Replace("`hostname` VARCHAR(255) NOT NULL,", "`hostname` VARCHAR(255) NOT NULL, `program` VARCHAR(64) NULL,", StringComparison.Ordinal));
        var source = new MySqlLogSource(server.Connections(database), Shape with { ProgramField = "program" }, ForkKeys);
        await server.ExecuteAsync(database, "INSERT INTO logs (message, received_at, hostname, program) VALUES (@m, @t, 'web1', @p)",
            ("@m", "Accepted publickey for deploy"), ("@t", Now.AddSeconds(1)), ("@p", "sshd"));
        await server.ExecuteAsync(database, "INSERT INTO logs (message, received_at, hostname, program) VALUES (@m, @t, 'web1', NULL)",
            ("@m", "no program"), ("@t", Now.AddSeconds(2)));

        var batch = await source.PollTimedAsync("logs", "web1", new TimedWindow(TimeSpan.FromMinutes(5), Now, DateTime.MinValue, []), 10,
            TestContext.Current.CancellationToken);
        var missing = new MySqlLogSource(server.Connections(database), Shape with { ProgramField = "tag" }, ForkKeys);
        var error = await Assert.ThrowsAsync<MySqlSchemaException>(() => missing.PollTimedAsync(
            "logs", "web1", new TimedWindow(TimeSpan.FromMinutes(5), Now, DateTime.MinValue, []), 10, TestContext.Current.CancellationToken));

        Assert.Equal(["sshd: Accepted publickey for deploy", "no program"], batch.Records.Select(r => r.Record.Message));
        Assert.Equal($"MySQL table {database}.logs has no column 'tag' (MG_PROGRAM_FIELD); its columns are hostname, logid, message, program, received_at", error.Message);
    }

    internal const string CreateLogs =
        "CREATE TABLE logs (`logid` BIGINT AUTO_INCREMENT PRIMARY KEY, `message` TEXT NULL, `received_at` DATETIME NULL, `hostname` VARCHAR(255) NOT NULL, KEY (`hostname`, `received_at`))";

    // The keys of the fork's mysql.yaml, as the loader records them.
    private static string ForkKeys(string setting) => setting switch
    {
        "MG_MESSAGE_FIELD" => "MESSAGE_INDEX",
        "MG_HOSTNAME_FIELD" => "HOSTNAME_INDEX",
        "MG_TIME_FIELD" => "DATETIME_INDEX",
        _ => setting,
    };

    private async Task<(MySqlLogSource Source, string Database)> NewSourceAsync()
    {
        var database = await server.NewDatabaseAsync("mysql_source");
        await server.ExecuteAsync(database, CreateLogs);
        return (new MySqlLogSource(server.Connections(database), Shape, ForkKeys), database);
    }

    private Task<long> InsertAsync(string database, string host, string? message, DateTime? time) =>
        server.ExecuteAsync(database, "INSERT INTO logs (message, received_at, hostname) VALUES (@m, @t, @h)", ("@m", message), ("@t", time), ("@h", host));
}

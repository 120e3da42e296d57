using Lad.Grains.Detection;
using Lad.Grains.Detection.Files;
using Lad.Grains.Mongo;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Integration.Tests.Storage;

/// <summary>Grain state stored before the state types had an <c>[Alias]</c> still reads after it: the fixtures are the
/// bytes Orleans' binary serializer (the MongoDB and file storages' default) wrote for each state type at commit ec3cdde,
/// before the aliases.</summary>
/// <remarks>A state is serialised as the type the grain declares, so its bytes carry no type name and an alias cannot
/// change them; where a type name is written (a value held as <c>object</c>), the full name written before still
/// resolves. Both are asserted here, so a later change of either shows.</remarks>
public sealed class StoredStateAliasTests(MongoServerFixture server) : IDisposable
{
    private const string ModelBefore =
        "IEAJAQID+gEdAQ2BAFjc74RQ30gBBCQeQTE2NWEwZjBjMmU0YjBhMWIyYzNkNGU1ZjYBqUEFCQjg";

    private const string ProgressBefore =
        "IEAxNjVhMGYwYzJlNGIwYTFiMmMzZDRlNWY3AUIfATEhAQNBFW5vX21lc3NhZ2UACeBBMTY1YTBmMGMyZTRiMGExYjJjM2Q0ZTVm"
        + "MEEZAQIDBAUGBwgJCgsMQTE2NWEwZjBjMmU0YjBhMWIyYzNkNGU1ZjEBHSEBA0Edc2NvcmluZ19mYWlsZWQABeCBAFjc74RQ30iB"
        + "APoLPYRQ30ghAQNBDWxpbmUtMYAAWNzvhFDfSOBBCwQAAAAAARCA4U5o4A==";

    private const string FileModelsBefore =
        "ICAwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEDQQ13ZWItMDFABwUGB+ABCYEAWNzvhFDfSOA=";

    private const string FileProgressBefore =
        "IAADAQKAAYICAQICAUB/5XffVm8BMgIBDSEBA0ERdG9vX2xvbmcABeDg";

    // A ModelState serialised as object, so its full type name is in the bytes.
    private const string ModelAsObjectBefore =
        "MAE4HRLrVUxhZC5HcmFpbnMuRGV0ZWN0aW9uLk1vZGVsU3RhdGUsTGFkLkdyYWluc0AJAQID+gEdAQ2BAFjc74RQ30gBBCQeQTE2"
        + "NWEwZjBjMmU0YjBhMWIyYzNkNGU1ZjYBqUEFCQjg";

    private static readonly DateTime At = new(2026, 12, 2, 15, 0, 0, DateTimeKind.Utc);

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(ModelState).Assembly))
        .BuildServiceProvider();

    private OrleansGrainStorageSerializer Serializer => new(_services.GetRequiredService<Serializer>());

    public void Dispose() => _services.Dispose();

    [Fact]
    public void TheStateTypesCarryTheirAliases() =>
        Assert.Equal(
            ["lad.ModelState", "lad.ProgressState", "lad.FileModelsState", "lad.FileHostModelState", "lad.FileProgressState"],
            new[] { typeof(ModelState), typeof(ProgressState), typeof(FileModelsState), typeof(FileHostModelState), typeof(FileProgressState) }
                .Select(t => ((AliasAttribute)Attribute.GetCustomAttribute(t, typeof(AliasAttribute))!).Alias));

    [Fact]
    public void StateWrittenBeforeTheAliasesReadsBackWhole()
    {
        AssertModel(Read<ModelState>(ModelBefore));
        AssertProgress(Read<ProgressState>(ProgressBefore));

        var models = Read<FileModelsState>(FileModelsBefore);
        Assert.Equal((2, At), (models.Version, models.TrainedAt));
        Assert.Equal<byte>([5, 6, 7], Assert.Single(models.LegacyModels, m => m.Key == "web-01").Value);
        // Written before each host's model had a record of its own (FileModelsState.Hosts): the grain moves them there.
        Assert.Empty(models.Hosts);

        var progress = Read<FileProgressState>(FileProgressBefore);
        Assert.Equal((true, 4096L, 80L, 64, 0xDEADBEEFCAFEUL, 70L, 3L), (progress.Started, progress.Offset, progress.Line,
            progress.IdentityLength, progress.IdentityHash, progress.LinesScored, progress.Anomalies));
        Assert.Equal(1, progress.Skipped["too_long"]);
    }

    [Fact]
    public void TheAliasesLeaveTheStoredBytesAsTheyWere()
    {
        Assert.Equal(ModelBefore, Convert.ToBase64String(Serializer.Serialize(Model()).ToArray()));
        Assert.Equal(ProgressBefore, Convert.ToBase64String(Serializer.Serialize(Progress()).ToArray()));
        Assert.Equal(FileProgressBefore, Convert.ToBase64String(Serializer.Serialize(new FileProgressState
        {
            Started = true, Offset = 4096, Line = 80, IdentityLength = 64, IdentityHash = 0xDEADBEEFCAFEUL, LinesScored = 70, Anomalies = 3,
            Skipped = new() { ["too_long"] = 1 },
        }).ToArray()));
    }

    [Fact]
    public void AStateWrittenUnderItsFullTypeNameStillResolvesAndNewOnesCarryTheAlias()
    {
        var old = Convert.FromBase64String(ModelAsObjectBefore);
        var now = Serializer.Serialize<object>(Model()).ToArray();

        AssertModel(Assert.IsType<ModelState>(Serializer.Deserialize<object>(new BinaryData(old))));
        Assert.Contains("Lad.Grains.Detection.ModelState,Lad.Grains", System.Text.Encoding.UTF8.GetString(old), StringComparison.Ordinal);
        Assert.Contains("lad.ModelState", System.Text.Encoding.UTF8.GetString(now), StringComparison.Ordinal);
        Assert.DoesNotContain("Lad.Grains.Detection.ModelState", System.Text.Encoding.UTF8.GetString(now), StringComparison.Ordinal);
    }

    [Fact]
    public void StateKeysNameTheGrainClassSoInterfaceAliasesLeaveThemAlone()
    {
        // Stored state, reading positions and reminders are keyed by grain id, whose type comes from the grain class;
        // the interface alias names the interface in calls only.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(SiloProcess.FreePort(), SiloProcess.FreePort()));
        using var host = builder.Build();

        var grainTypes = host.Services.GetRequiredService<GrainTypeResolver>();
        var interfaceTypes = host.Services.GetRequiredService<GrainInterfaceTypeResolver>();

        Assert.Equal(["hostdetector", "filedetector"], new[] { typeof(HostDetectorGrain), typeof(FileDetectorGrain) }.Select(t => grainTypes.GetGrainType(t).ToString()));
        Assert.Equal("lad.IHostDetectorGrain", interfaceTypes.GetGrainInterfaceType(typeof(Lad.Grains.Abstractions.Detection.IHostDetectorGrain)).ToString());
    }

    [Fact]
    public async Task MongoGrainStorageReadsAModelStoredBeforeTheAliases()
    {
        _ = server.Client; // skips when no MongoDB is available
        var database = MongoServerFixture.NewDatabaseName("alias");
        var grain = GrainId.Create("hostdetector", "network_logs/cumulus");
        var key = $"lad/{grain}/model";
        var bytes = Convert.FromBase64String(ModelBefore);
        var ct = TestContext.Current.CancellationToken;
        var target = server.Client.GetDatabase(database);
        await target.GetCollection<BsonDocument>("grainstate.chunks").InsertOneAsync(StateChunk.Create(key, "set-1", 0, bytes, At), cancellationToken: ct);
        await target.GetCollection<BsonDocument>("grainstate").InsertOneAsync(StateHead.Create(key, "etag-1", "set-1", 1, bytes.Length), cancellationToken: ct);
        using var clients = new MongoClients();
        var storage = new MongoGrainStorage(
            "models",
            new MongoGrainStorageOptions { ConnectionString = server.ConnectionString, DatabaseName = database, GrainStorageSerializer = Serializer },
            Options.Create(new ClusterOptions { ServiceId = "lad", ClusterId = "lad" }),
            _services.GetRequiredService<IActivatorProvider>(),
            clients,
            NullLogger<MongoGrainStorage>.Instance);
        var state = new GrainState<ModelState>();

        await storage.ReadStateAsync("model", grain, state, ct);

        Assert.Equal(("etag-1", true), (state.ETag, state.RecordExists));
        AssertModel(Assert.IsType<ModelState>(state.State));
    }

    private T Read<T>(string base64) => Assert.IsType<T>(Serializer.Deserialize<T>(new BinaryData(Convert.FromBase64String(base64))));

    private static ModelState Model() => new()
    {
        Model = [1, 2, 3, 250], Version = 7, Trainings = 3, TrainedAt = At, LinesTrainedOn = 123456,
        TrainedThrough = "65a0f0c2e4b0a1b2c3d4e5f6", Templates = 42, Volume = [9, 8],
    };

    private static ProgressState Progress() => new()
    {
        Checkpoint = "65a0f0c2e4b0a1b2c3d4e5f7", LinesScored = 1000, Anomalies = 12, Skipped = new() { ["no_message"] = 2 },
        WindowFloor = "65a0f0c2e4b0a1b2c3d4e5f0", WindowIds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        TrainingBoundary = "65a0f0c2e4b0a1b2c3d4e5f1", BoundaryForVersion = 7, DeadLetters = new() { ["scoring_failed"] = 1 },
        TimedNewest = At, TimedFloor = At.AddMinutes(-5), TimedIds = new() { ["line-1"] = At }, StreamToken = [4, 0, 0, 0, 0],
        StreamStart = 7_000_000_000L,
    };

    private static void AssertModel(ModelState model)
    {
        var expected = Model();
        Assert.Equal(expected.Model, model.Model);
        Assert.Equal(expected.Volume, model.Volume);
        Assert.Equal(
            (expected.Version, expected.Trainings, expected.TrainedAt, expected.LinesTrainedOn, expected.TrainedThrough, expected.Templates),
            (model.Version, model.Trainings, model.TrainedAt, model.LinesTrainedOn, model.TrainedThrough, model.Templates));
    }

    private static void AssertProgress(ProgressState progress)
    {
        var expected = Progress();
        Assert.Equal(
            (expected.Checkpoint, expected.LinesScored, expected.Anomalies, expected.WindowFloor, expected.TrainingBoundary, expected.BoundaryForVersion),
            (progress.Checkpoint, progress.LinesScored, progress.Anomalies, progress.WindowFloor, progress.TrainingBoundary, progress.BoundaryForVersion));
        Assert.Equal((expected.TimedNewest, expected.TimedFloor, expected.StreamStart), (progress.TimedNewest, progress.TimedFloor, progress.StreamStart));
        Assert.Equal(expected.WindowIds, progress.WindowIds);
        Assert.Equal(expected.StreamToken, progress.StreamToken);
        Assert.Equal(expected.Skipped, progress.Skipped);
        Assert.Equal(expected.DeadLetters, progress.DeadLetters);
        Assert.Equal(expected.TimedIds, progress.TimedIds);
    }
}

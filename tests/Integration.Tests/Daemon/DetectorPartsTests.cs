using Lad.Engine.Model;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;

namespace Lad.Integration.Tests.Daemon;

public class DetectorPartsTests
{
    [Theory]
    [InlineData("network_logs", "cumulus", "network_logs/cumulus")]
    [InlineData("a/b", "h%2Fx", "a%2Fb/h%252Fx")]
    [InlineData("logs", "172.17.18.178", "logs/172.17.18.178")]
    public void HostKeyRoundTripsThroughItsGrainKey(string collection, string hostname, string grainKey)
    {
        var key = new HostKey(collection, hostname);

        Assert.Equal(grainKey, key.ToGrainKey());
        Assert.Equal(key, HostKey.Parse(grainKey));
    }

    [Theory]
    [InlineData("cumulus")]
    [InlineData("a/b/c")]
    [InlineData("/cumulus")]
    public void MalformedHostKeyIsRefused(string grainKey) =>
        Assert.Contains(grainKey, Assert.Throws<FormatException>(() => HostKey.Parse(grainKey)).Message);

    [Fact]
    public void BackoffDoublesUpToItsCapWithHalfOfItDrawn()
    {
        var timings = new DetectorTimings { BackoffInitial = TimeSpan.FromSeconds(1), BackoffMax = TimeSpan.FromSeconds(10), JitterDraw = () => 1 };
        Assert.Equal([1, 2, 4, 8, 10, 10], new[] { 1, 2, 3, 4, 5, 60 }.Select(n => timings.Backoff(n).TotalSeconds));

        timings.JitterDraw = () => 0;
        Assert.Equal([0.5, 1, 2, 4, 5, 5], new[] { 1, 2, 3, 4, 5, 60 }.Select(n => timings.Backoff(n).TotalSeconds));
    }

    [Theory]
    [InlineData(1, 300)]
    [InlineData(300, 300)]
    [InlineData(1_000, 1_000)]
    [InlineData(10_000, 10_000)]
    public void HostsSharingAPollReadForThemselvesAtMostOncePerSecondTogether(int hosts, int seconds)
    {
        var timings = new DetectorTimings { OwnReadInterval = TimeSpan.FromMinutes(5), OwnReadsPerSecond = 1 };

        Assert.Equal(TimeSpan.FromSeconds(seconds), timings.OwnReadIntervalFor(hosts));
    }

    [Fact]
    public void HostsFailingTogetherDoNotRetryInLockStep()
    {
        // One timings object per silo, shared by its hosts: 200 hosts after their third failure in a row.
        var timings = new DetectorTimings { BackoffInitial = TimeSpan.FromSeconds(1), BackoffMax = TimeSpan.FromMinutes(2) };
        var pauses = Enumerable.Range(0, 200).Select(_ => timings.Backoff(3)).ToList();

        Assert.All(pauses, p => Assert.InRange(p, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)));
        Assert.True(pauses.Distinct().Count() > 150, $"{pauses.Distinct().Count()} distinct pauses of 200");
        // Spread over the range, not bunched: each quarter of it holds some of them.
        Assert.All(Enumerable.Range(0, 4), q => Assert.Contains(pauses, p => p.TotalSeconds >= 2 + (q * 0.5) && p.TotalSeconds < 2.5 + (q * 0.5)));
    }

    [Fact]
    public async Task TrainingGateAdmitsParallelismTrainingsAtOnce()
    {
        var config = LadConfigLoader.Load("""
            MG_INPUT_DB: "in"
            MG_TARGET_DB: "out"
            PARALLELISM: 2
            LOG_SOURCES:
              "logs":
                HOSTNAMES: ["a"]
                MG_TARGET_COL: "anomalies"
            """, new Dictionary<string, string>());
        using var gate = new TrainingGate(config);
        using var first = await gate.EnterAsync(TestContext.Current.CancellationToken);
        using var second = await gate.EnterAsync(TestContext.Current.CancellationToken);

        var third = gate.EnterAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, gate.Running);

        first.Dispose();
        using var admitted = await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal((2, 2), (gate.Running, gate.PeakRunning));
    }

    [Fact]
    public void ConfigMapsToEngineOptions()
    {
        var config = LadConfigLoader.Load("""
            MG_INPUT_DB: "in"
            MG_TARGET_DB: "out"
            MODEL: "som"
            INFER_ANOMALY_THRESHOLD: 2.5
            SOMPY_NODE_MAP: 8
            SOMPY_INIT: "random"
            SOMPY_TRAIN_ROUGH_LEN: 30
            TRAIN_VECTOR_LENGTH: 16
            W2V_SEED: 7
            LOG_SOURCES:
              "logs":
                HOSTNAMES: ["a"]
                MG_TARGET_COL: "anomalies"
            """, new Dictionary<string, string>());

        var options = DetectorOptionsMapping.From(config);

        Assert.Equal(("som", 2.5, 7), (options.ModelKind, options.ThresholdSigma, options.Seed));
        Assert.Equal(
            (8, Lad.Engine.Model.Som.SomInit.Random, 16, 30),
            (options.Som.SompyNodeMap, options.Som.SompyInit, options.Som.TrainVectorLength, options.Som.SompyTrainRoughLen));
        Assert.Equal(DetectorOptions.DefaultAlarmBudget, options.AlarmBudget);
    }

    [Fact]
    public void TheNoveltyReferenceAndTheAlarmBudgetMapToEngineOptions()
    {
        var config = LadConfigLoader.Load("""
            MG_INPUT_DB: "in"
            MG_TARGET_DB: "out"
            MODEL: "novelty"
            ALARM_BUDGET: 2.5
            LOG_SOURCES:
              "logs":
                HOSTNAMES: ["a"]
                MG_TARGET_COL: "anomalies"
            """, new Dictionary<string, string>());

        var options = DetectorOptionsMapping.From(config);

        Assert.Equal(("novelty", 2.5), (options.ModelKind, options.AlarmBudget));
        Assert.IsType<Lad.Engine.Model.Novelty.NoveltyTrainer>(ModelCatalog.CreateTrainer(options));
    }

    [Fact]
    public void TheLofModelMapsToEngineOptions()
    {
        var config = LadConfigLoader.Load("""
            MG_INPUT_DB: "in"
            MG_TARGET_DB: "out"
            MODEL: "lof"
            LOF_NEIGHBORS: 30
            LOF_METRIC: "Chebyshev"
            TRAIN_VECTOR_LENGTH: 12
            W2V_SEED: 9
            LOG_SOURCES:
              "logs":
                HOSTNAMES: ["a"]
                MG_TARGET_COL: "anomalies"
            """, new Dictionary<string, string>());

        var options = DetectorOptionsMapping.From(config);

        Assert.Equal(("lof", 30, Lad.Engine.Model.Lof.LofMetric.Chebyshev), (options.ModelKind, options.Lof.Neighbors, options.Lof.Metric));
        Assert.Equal((12, 9), (options.Som.TrainVectorLength, options.Seed));
        Assert.IsType<Lad.Engine.Model.Lof.LofTrainer>(ModelCatalog.CreateTrainer(options));
    }
}

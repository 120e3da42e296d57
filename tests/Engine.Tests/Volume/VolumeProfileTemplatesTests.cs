using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Volume;

namespace Lad.Engine.Tests.Volume;

/// <summary>A volume profile counting by its host model's templates keeps no miner of its own, and judges as one that
/// learned its own; one saved with its own miner, as earlier releases saved every profile, still loads.</summary>
public class VolumeProfileTemplatesTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly VolumeOptions Options = new(TimeSpan.FromMinutes(5));

    [Fact]
    public void AProfileCountingByTheModelsTemplatesIsSavedWithoutAMinerAndJudgesAsOneWithItsOwn()
    {
        var history = VolumeMonitorTests.Traffic(Start, TimeSpan.FromDays(2), seed: 21);
        var model = (ITemplateMatcher)ModelCatalog.CreateTrainer(new DetectorOptions())
            .Train(history.Select(l => new Lad.Engine.Source.LogRecord(l.Message, null, "web-1")).ToList(), TestContext.Current.CancellationToken);
        var own = VolumeProfileTrainer.Train(history, Options);
        var byModel = VolumeProfileTrainer.Train(history, Options, model);

        var ownBytes = Saved(own);
        var modelBytes = Saved(byModel);
        var loaded = VolumeProfile.Load(new MemoryStream(modelBytes), model);

        Assert.False(own.CountsByModelTemplates);
        Assert.True(loaded.CountsByModelTemplates);
        Assert.True(modelBytes.Length < ownBytes.Length / 2, $"{modelBytes.Length} bytes against {ownBytes.Length} with a miner");
        Assert.Equal(own.History, loaded.History);
        Assert.Equal(own.Rates.Values.Select(r => r.MaxPerInterval).Order(), loaded.Rates.Values.Select(r => r.MaxPerInterval).Order());
        var live = Scenario();
        Assert.Equal(Findings(own, live), Findings(loaded, live));
        Assert.Contains(Findings(loaded, live), f => f.Kind == VolumeFindingKind.Surge);
    }

    [Fact]
    public void AProfileCountingByAModelsTemplatesNeedsThatModelToLoad()
    {
        var history = VolumeMonitorTests.Traffic(Start, TimeSpan.FromDays(1), seed: 22);
        var model = (ITemplateMatcher)ModelCatalog.CreateTrainer(new DetectorOptions())
            .Train(history.Select(l => new Lad.Engine.Source.LogRecord(l.Message, null, "web-1")).ToList(), TestContext.Current.CancellationToken);

        var error = Assert.Throws<InvalidDataException>(() => VolumeProfile.Load(new MemoryStream(Saved(VolumeProfileTrainer.Train(history, Options, model)))));

        Assert.Contains("no model was given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileSavedBeforeProfilesCouldCountByAModelLoadsWithItsOwnMiner()
    {
        var profile = VolumeProfileTrainer.Train(VolumeMonitorTests.Traffic(Start, TimeSpan.FromDays(2), seed: 23), Options);
        var saved = Saved(profile);
        // The figures as an earlier release wrote them: no ByModelTemplates, the miner after them.
        var length = BitConverter.ToInt32(saved, 0);
        var figures = System.Text.Json.Nodes.JsonNode.Parse(saved.AsSpan(4, length))!.AsObject();
        Assert.True(figures.Remove("ByModelTemplates"));
        var json = System.Text.Encoding.UTF8.GetBytes(figures.ToJsonString());
        var before = BitConverter.GetBytes(json.Length).Concat(json).Concat(saved.Skip(4 + length)).ToArray();

        var loaded = VolumeProfile.Load(new MemoryStream(before));

        Assert.False(loaded.CountsByModelTemplates);
        Assert.Equal(Findings(profile, Scenario()), Findings(loaded, Scenario()));
    }

    // The host's own traffic, then a burst of one routine template, then its traffic again.
    private static List<(DateTime Time, string Message)> Scenario()
    {
        var live = Start.AddDays(2);
        var burst = live.AddMinutes(30);
        return
        [
            .. VolumeMonitorTests.Traffic(live, TimeSpan.FromMinutes(30), seed: 24),
            .. Enumerable.Range(0, 80).Select(i => (burst.AddSeconds(i), $"Failed password for user{i % 7} from 10.0.0.{i % 9} port 22")),
            .. VolumeMonitorTests.Traffic(burst.AddMinutes(5), TimeSpan.FromMinutes(10), seed: 25),
        ];
    }

    private static List<(VolumeFindingKind Kind, DateTime IntervalStart, double Observed, double Usual)> Findings(
        VolumeProfile profile, List<(DateTime Time, string Message)> lines) =>
        VolumeMonitorTests.Feed(new VolumeMonitor(profile), lines).Select(f => (f.Kind, f.IntervalStart, f.Observed, f.Usual)).ToList();

    private static byte[] Saved(VolumeProfile profile)
    {
        using var buffer = new MemoryStream();
        profile.Save(buffer);
        return buffer.ToArray();
    }
}

using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Source;

public class SyntheticLogGeneratorTests
{
    private static readonly SyntheticLogOptions Small = new() { Hosts = 3, LinesPerHost = 600, AnomaliesPerHost = 12, Seed = 7 };

    [Fact]
    public void SameSeedGivesIdenticalLines()
    {
        var first = SyntheticLogGenerator.Generate(Small).Select(SyntheticLogFormat.Format).ToList();
        var second = SyntheticLogGenerator.Generate(Small).Select(SyntheticLogFormat.Format).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeedGivesDifferentLines()
    {
        var first = SyntheticLogGenerator.Generate(Small).Select(SyntheticLogFormat.Format).ToList();
        var other = SyntheticLogGenerator.Generate(Small with { Seed = 8 }).Select(SyntheticLogFormat.Format).ToList();
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void EachHostGetsTheConfiguredAnomaliesOfEveryKindAfterItsCleanPart()
    {
        var lines = SyntheticLogGenerator.Generate(Small);
        Assert.Equal(1800, lines.Count);
        foreach (var host in lines.GroupBy(l => l.Host))
        {
            var ordered = host.ToList();
            Assert.Equal(600, ordered.Count);
            Assert.Equal(12, ordered.Count(l => l.IsAnomaly));
            Assert.DoesNotContain(ordered.Take(300), l => l.IsAnomaly);

            // 12 lines cycle unseen, parameter, program, burst of 4, then again with a burst cut to the 2 left.
            var kinds = ordered.Where(l => l.IsAnomaly).GroupBy(l => l.Anomaly).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(2, kinds[SyntheticAnomalyKind.UnseenError]);
            Assert.Equal(2, kinds[SyntheticAnomalyKind.AbnormalParameter]);
            Assert.Equal(2, kinds[SyntheticAnomalyKind.WrongProgram]);
            Assert.Equal(6, kinds[SyntheticAnomalyKind.ErrorBurst]);
        }

        Assert.Equal(["host-01", "host-02", "host-03"], lines.Select(l => l.Host).Distinct().Order());
    }

    [Fact]
    public void LinesAreInTimeOrderAndBurstsAreErrorLevel()
    {
        var lines = SyntheticLogGenerator.Generate(Small);
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.All(lines.Where(l => l.Anomaly == SyntheticAnomalyKind.ErrorBurst), l => Assert.Equal("ERROR", l.Level));
        Assert.Contains(lines, l => !l.IsAnomaly && l.Level == "WARN");
    }

    [Fact]
    public void WithoutLevelsNoLineHasOne()
    {
        var lines = SyntheticLogGenerator.Generate(Small with { WithLevels = false });
        Assert.All(lines, l => Assert.Null(l.Level));
    }

    [Fact]
    public void FileRoundTripKeepsLinesAndLabels()
    {
        var lines = SyntheticLogGenerator.Generate(Small with { WithLevels = false, Hosts = 2 })
            .Concat(SyntheticLogGenerator.Generate(Small with { Hosts = 1 }))
            .ToList();
        var path = Path.Combine(Path.GetTempPath(), $"lad-gen-{Guid.NewGuid():N}", "demo.log");
        try
        {
            SyntheticLogFile.Write(path, lines);
            var read = SyntheticLogFile.Read(path);
            Assert.Equal(lines, read);
            Assert.Equal(lines.Select(l => l.ToRecord()), read.Select(l => l.ToRecord()));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void BadLineNamesTheLineAndField()
    {
        var error = Assert.Throws<FormatException>(() => SyntheticLogFormat.Parse("2026-11-24T00:00:00.000Z host-01 sshd: INFO hi", 17));
        Assert.Contains("line 17", error.Message);
        Assert.Contains("program[pid]:", error.Message);
    }

    [Fact]
    public void TooManyAnomaliesIsRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticLogGenerator.Generate(Small with { AnomaliesPerHost = 1000 }));
        Assert.Contains("AnomaliesPerHost", error.Message);
    }
}

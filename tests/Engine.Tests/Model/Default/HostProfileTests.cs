using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Model.Default;

public class HostProfileTests
{
    [Fact]
    public void FittingGivesEachLineTheTrainingTemplateScoringFinds()
    {
        // One host's synthetic syslog, anomalies included: templates generalise and merge while the miner learns it.
        var history = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 3000, Seed = 5 })
            .Select(l => l.ToRecord()).ToList();

        var profile = HostProfile.Fit(history, out var templateIds, TestContext.Current.CancellationToken);

        Assert.Equal(history.Count, templateIds.Length);
        Assert.Equal(history.Select(profile.TemplateIdOf), templateIds);
        Assert.Contains(templateIds, id => id != ContextState.Unknown);
    }

    [Fact]
    public void ALineScoredOnItsParametersWordsScoresAsReadingItWholeDoesAndExplainingItMovesNothing()
    {
        var history = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 3000, Seed = 5 })
            .Select(l => l.ToRecord()).ToList();
        // A template whose lines hold more distinct words than its word counter keeps, so none of them counts as its own,
        // one with error words among its constants, and one whose constant is joined to its identifier.
        history.AddRange(Enumerable.Range(0, 60).Select(i => new LogRecord($"batch[9]: job {Word(i)} finished", "INFO")));
        history.AddRange(Enumerable.Range(0, 40).Select(i => new LogRecord($"api[7]: request {Word(i % 3)} failed: upstream timeout after {i} ms", "WARN")));
        history.AddRange(Enumerable.Range(0, 40).Select(i => new LogRecord($"vmd[3]: vm-acbe-{i:x4}{i:x4} started", "INFO")));
        var lines = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 1500, Seed = 6 }).Select(l => l.ToRecord())
            .Concat(
            [
                new LogRecord("batch[9]: job 4711 finished", "INFO"),
                new LogRecord("batch[9]: job alpha finished", "INFO"),
                new LogRecord("api[7]: request bravo failed: upstream timeout after 12 ms", "WARN"),
                new LogRecord("api[7]: request crashed failed: upstream timeout after 12 ms", "WARN"),
                new LogRecord("api[7]: request 3fa85f64-acbe-4562-adfe-2c963f66afa6 failed: upstream timeout after 9 ms", "WARN"),
                // A number where the template has its error word: matching tolerates a masked variable there.
                new LogRecord("api[7]: request bravo failed: upstream 4242 after 12 ms", "WARN"),
                new LogRecord("vmd[3]: vm-acbe-00ff00ff started", "INFO"),
                new LogRecord("vmd[3]: vm-acbe-panic started", "INFO"),
            ])
            .ToList();
        var profile = HostProfile.Fit(history, TestContext.Current.CancellationToken);

        var onParameters = lines.Select(l => profile.Weigh(l).Score).ToList();
        var explained = lines.Select(l => profile.Assess(l).Score).ToList();
        var scored = profile.Templates.Where(t => t.Constants is not null).Select(t => (t.Text, t.Constants!.Usable, t.Words.IsOpen)).ToList();
        foreach (var template in profile.Templates)
        {
            template.Constants = ConstantWords.None;
        }

        var whole = lines.Select(l => profile.Weigh(l).Score).ToList();

        Assert.Equal(onParameters, explained);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.True(Math.Abs(whole[i] - onParameters[i]) < 1e-12, $"{lines[i].Message}: {onParameters[i]} read on its parameters, {whole[i]} whole");
        }

        // Every template scored was read on its parameters' words, the one whose words overflowed its counter too.
        Assert.InRange(scored.Count, 10, profile.Templates.Count);
        Assert.All(scored, t => Assert.True(t.Usable, t.Text));
        Assert.Contains(scored, t => t.IsOpen);
    }

    private static string Word(int i) => new([(char)('a' + (i % 26)), (char)('a' + (i / 26 % 26)), 'x', 'q']);
}

using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
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
}

using Lad.Engine.Incidents;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Incidents;
using Lad.Integration.Tests.Daemon;

namespace Lad.Integration.Tests.Configuration;

public class IncidentSettingsTests
{
    private static readonly string Yaml = DaemonYaml.OneHost("mongodb://localhost:27017", "logs", "lad");

    private static LadConfig Load(string extra) => LadConfigLoader.Load(Yaml + "\n" + extra + "\n", new Dictionary<string, string>());

    [Fact]
    public void WithoutAggregationKeysIncidentsGroupWithTheForksDefaults()
    {
        var options = IncidentGroupingMapping.From(Load(""));

        Assert.Equal(
            new IncidentGroupingOptions
            {
                QuietPeriod = TimeSpan.FromMinutes(30), BurstGap = TimeSpan.FromSeconds(5), MaxSpan = TimeSpan.FromDays(1), SimilarityRadius = 0.5, MinSamples = 5,
            },
            options);
    }

    [Fact]
    public void TheBurstGapIsReadInSecondsAndZeroTurnsItOff()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), IncidentGroupingMapping.From(Load("INCIDENT_BURST_GAP: 20")).BurstGap);
        Assert.Equal(TimeSpan.Zero, IncidentGroupingMapping.From(Load("INCIDENT_BURST_GAP: 0")).BurstGap);
    }

    [Fact]
    public void TheForksAggregatorKeysMapOntoTheGroupingAndTheWord2VecOnesAreAcceptedAsRecordedValues()
    {
        // The aggregator settings of the fork's README example.
        var config = Load("AGGR_TIME_SPAN: 86400\nAGGR_EPS: 0.01\nAGGR_MIN_SAMPLES: 2\nAGGR_VECTOR_LENGTH: 25\nAGGR_WINDOW: 5\nAGGR_MAX_ENTRIES: 1000\nINCIDENT_QUIET_PERIOD: 600");

        var options = IncidentGroupingMapping.From(config);

        Assert.Equal((TimeSpan.FromDays(1), 0.01, 2, TimeSpan.FromMinutes(10)), (options.MaxSpan, options.SimilarityRadius, options.MinSamples, options.QuietPeriod));
        Assert.Equal((25L, 5L, 1000L), ((long)config.Settings["AGGR_VECTOR_LENGTH"]!, (long)config.Settings["AGGR_WINDOW"]!, (long)config.Settings["AGGR_MAX_ENTRIES"]!));
    }

    [Fact]
    public void RetentionIsNinetyDaysUnlessSetAndZeroKeepsForever()
    {
        Assert.Equal(TimeSpan.FromDays(90), Load("").Retention);
        Assert.Equal(TimeSpan.FromDays(7), Load("RETENTION_DAYS: 7").Retention);
        Assert.Null(Load("RETENTION_DAYS: 0").Retention);
    }

    [Theory]
    [InlineData("AGGR_EPS: 1.5", "AGGR_EPS", "must be a template distance between 0 (same words only) and 1 (any words), got 1.5")]
    [InlineData("AGGR_MIN_SAMPLES: 0", "AGGR_MIN_SAMPLES", "must be between 1 and")]
    [InlineData("INCIDENT_QUIET_PERIOD: 0", "INCIDENT_QUIET_PERIOD", "must be between 1 and")]
    [InlineData("AGGR_TIME_SPAN: -1", "AGGR_TIME_SPAN", "must be between 1 and")]
    [InlineData("INCIDENT_BURST_GAP: -1", "INCIDENT_BURST_GAP", "must be between 0 (off) and 2147483647 seconds, got -1")]
    [InlineData("RETENTION_DAYS: -1", "RETENTION_DAYS", "must be the days anomalies and incidents are kept, 1 to 36500, or 0 to keep them forever, got -1")]
    public void UnworkableGroupingValuesAreRefusedNamingTheKey(string line, string key, string problem)
    {
        var error = Assert.Single(Assert.Throws<LadConfigException>(() => Load(line)).Errors);

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Message);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Sources;

namespace Lad.Integration.Tests.Configuration;

/// <summary>A source may not write over LAD's own collections or a log collection, in the YAML or at run time.</summary>
public class SourceRulesTests
{
    [Theory]
    [InlineData("lad_sources", "keeps for its own collections")]
    [InlineData("lad_feedback", "keeps for its own collections")]
    [InlineData("orleans_membership", "keeps for its own collections")]
    [InlineData("system.users", "reserved system. namespace")]
    [InlineData("an$omaly", "contains '$'")]
    [InlineData("network_logs", "would be read back as logs")]
    public void ATargetThatWouldHarmLadOrTheLogsIsRefused(string target, string problem)
    {
        var source = new SourceDefinition("network_logs", ["cumulus"], target);

        var (field, reason) = Assert.Single(SourceRules.Problems(source, sameDatabase: true, ["network_logs", "web_logs"]));

        Assert.Equal("target collection", field);
        Assert.Contains(problem, reason);
    }

    [Fact]
    public void AnInputCollectionNameIsATargetOnlyInAnotherDatabase()
    {
        var source = new SourceDefinition("network_logs", ["cumulus"], "web_logs");

        Assert.Empty(SourceRules.Problems(source, sameDatabase: false, ["network_logs", "web_logs"]));
        Assert.NotEmpty(SourceRules.Problems(source, sameDatabase: true, ["network_logs", "web_logs"]));
    }

    [Fact]
    public void BadNamesAndHostsAreEachNamed()
    {
        var source = new SourceDefinition("bad$logs", ["ok", "tab\there", " "], "fine_anomaly");

        var fields = SourceRules.Problems(source, sameDatabase: false, ["bad$logs"]).Select(p => p.Field).ToList();

        Assert.Equal(["collection", "hostname", "hostname"], fields);
    }

    [Fact]
    public void TheYamlIsRefusedWithTheSameRules()
    {
        var ex = Assert.Throws<LadConfigException>(() => LadConfigLoader.Load("""
            MG_INPUT_DB: logs
            MG_TARGET_DB: logs
            LOG_SOURCES:
              "network_logs":
                HOSTNAMES: ["cumulus"]
                MG_TARGET_COL: "lad_sources"
              "web_logs":
                HOSTNAMES: ["dataform"]
                MG_TARGET_COL: "network_logs"
            """, new Dictionary<string, string>()));

        Assert.Equal(
            ["LOG_SOURCES.network_logs.MG_TARGET_COL", "LOG_SOURCES.web_logs.MG_TARGET_COL"],
            ex.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("keeps for its own collections", ex.Message);
        Assert.Contains("would be read back as logs", ex.Message);
    }
}

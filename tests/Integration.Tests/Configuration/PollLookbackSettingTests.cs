using Lad.Grains.Abstractions.Configuration;
using Lad.Integration.Tests.Daemon;

namespace Lad.Integration.Tests.Configuration;

public class PollLookbackSettingTests
{
    private static readonly string Yaml = DaemonYaml.OneHost("mongodb://localhost:27017", "logs", "lad");

    [Fact]
    public void TheLookBackDefaultsToFiveMinutesAndIsSetInSeconds()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), LadConfigLoader.Load(Yaml, new Dictionary<string, string>()).PollLookback);
        Assert.Equal(
            TimeSpan.FromHours(2),
            LadConfigLoader.Load(Yaml, new Dictionary<string, string> { ["LAD_POLL_LOOKBACK"] = "7200" }).PollLookback);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void ALookBackBelowOneSecondIsRefusedNamingTheKey(string value)
    {
        var ex = Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(Yaml + $"\nPOLL_LOOKBACK: {value}\n", new Dictionary<string, string>()));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("POLL_LOOKBACK", error.Key);
        Assert.Contains($"must be between 1 and {int.MaxValue}, got {value}", error.Message);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Alerts;
using Lad.Integration.Tests.Daemon;

namespace Lad.Integration.Tests.Alerts;

/// <summary>The alert settings: defaults, what they become, and bad values refused naming the key.</summary>
public class AlertSettingsTests
{
    private static readonly string Yaml = DaemonYaml.OneHost("mongodb://localhost:27017", "logs", "lad");

    private static LadConfig Load(string extra) => LadConfigLoader.Load(Yaml + "\n" + extra + "\n", new Dictionary<string, string>());

    [Fact]
    public void WithoutReceiversNothingIsDeliveredAndTheDefaultsHold()
    {
        var options = new AlertOptions();
        AlertOptions.FromConfig(Load(""), options);

        Assert.False(options.Enabled);
        Assert.Equal((60, "warning"), (options.RateLimitPerMinute, options.Severity));
        Assert.Null(options.LinkTo("x"));
    }

    [Fact]
    public void ReceiversRateSeverityLinkAndTheCredentialFilesAreRead()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "  Basic dXNlcjpwYXNz  \n");
        var options = new AlertOptions();

        AlertOptions.FromConfig(Load($"""
            ALERT_WEBHOOK_URL: "https://hooks.example.org/lad"
            ALERTMANAGER_URL: "http://alertmanager:9093"
            ALERTMANAGER_AUTH_FILE: "{file}"
            ALERT_RATE_LIMIT: 12
            ALERT_SEVERITY: critical
            ALERT_LINK_BASE: "https://lad.example.org"
            """), options);

        Assert.True(options.Enabled);
        Assert.Equal(
            ("https://hooks.example.org/lad", "http://alertmanager:9093/", "Basic dXNlcjpwYXNz", (string?)null, 12, "critical"),
            (options.WebhookUrl!.ToString(), options.AlertmanagerUrl!.ToString(), options.AlertmanagerAuthorization, options.WebhookAuthorization,
                options.RateLimitPerMinute, options.Severity));
        File.Delete(file);
    }

    [Theory]
    [InlineData("ALERT_WEBHOOK_URL: hooks.example.org/lad", "ALERT_WEBHOOK_URL", "must be an absolute http:// or https:// URL, got \"hooks.example.org/lad\"")]
    [InlineData("ALERTMANAGER_URL: \"ftp://am:9093\"", "ALERTMANAGER_URL", "must be an absolute http:// or https:// URL")]
    [InlineData("ALERT_LINK_BASE: \"/lad\"", "ALERT_LINK_BASE", "must be an absolute http:// or https:// URL")]
    [InlineData("ALERT_RATE_LIMIT: 0", "ALERT_RATE_LIMIT", "must be the deliveries per minute to each receiver, 1 to 60000, got 0")]
    [InlineData("ALERT_SEVERITY: \" \"", "ALERT_SEVERITY", "is empty")]
    [InlineData("ALERT_WEBHOOK_AUTH_FILE: /etc/lad/hook.auth", "ALERT_WEBHOOK_AUTH_FILE", "is set but ALERT_WEBHOOK_URL is not")]
    public void UnworkableAlertValuesAreRefusedNamingTheKey(string line, string key, string problem)
    {
        var error = Assert.Single(Assert.Throws<LadConfigException>(() => Load(line)).Errors);

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("just-a-token-without-scheme", "must hold one line, a scheme and its credentials")]
    [InlineData("Bearer one\nBearer two", "must hold one line")]
    [InlineData(null, "cannot read")]
    public void AnUnusableCredentialFileIsRefusedNamingItsKey(string? content, string problem)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lad-auth-{Guid.NewGuid():N}");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var config = Load($"ALERTMANAGER_URL: \"http://am:9093\"\nALERTMANAGER_AUTH_FILE: \"{file}\"");

        var error = Assert.Single(Assert.Throws<LadConfigException>(() => AlertOptions.FromConfig(config, new AlertOptions())).Errors);
        Assert.Equal("ALERTMANAGER_AUTH_FILE", error.Key);
        Assert.Contains(problem, error.Message);
        File.Delete(file);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Retry;

namespace Lad.Grains.Alerts;

/// <summary>Where and how incidents are delivered, from the <c>ALERT_*</c> and <c>ALERTMANAGER_*</c> settings, with the
/// schedule of the delivery loop (tests shorten it).</summary>
public sealed class AlertOptions
{
    /// <summary>The webhook incidents are POSTed to; null: none.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The webhook's <c>Authorization</c> header value; null: none.</summary>
    public string? WebhookAuthorization { get; set; }

    /// <summary>Alertmanager's base URL; null: none.</summary>
    public Uri? AlertmanagerUrl { get; set; }

    /// <summary>Alertmanager's <c>Authorization</c> header value; null: none.</summary>
    public string? AlertmanagerAuthorization { get; set; }

    /// <summary>Most deliveries (requests) per minute to each receiver.</summary>
    public int RateLimitPerMinute { get; set; } = 60;

    /// <summary>The severity label of the alerts.</summary>
    public string Severity { get; set; } = "warning";

    /// <summary>LAD's HTTP API as operators reach it; null: alerts carry no link.</summary>
    public Uri? LinkBase { get; set; }

    /// <summary>How often the loop looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The waits between failed attempts: a random half to all of 1 s doubled per failure, at most 5 min, so
    /// receivers coming back after an outage are not met by every silo's retries at once.</summary>
    public RetryBackoff Backoff { get; set; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>How often an unresolved incident is sent to Alertmanager again: Alertmanager ends an alert it stops
    /// hearing of, so clients re-send firing alerts (Prometheus does every minute or so).</summary>
    public TimeSpan AlertmanagerResend { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one silo holds the delivery lease without renewing it before another silo may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the incident grain waits for the queue write before keeping the change in memory instead.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether any receiver is configured.</summary>
    public bool Enabled => WebhookUrl is not null || AlertmanagerUrl is not null;

    /// <summary>Reads the settings (URLs are checked when the configuration loads) and the credential files.</summary>
    /// <exception cref="LadConfigException">A credential file cannot be read or is malformed (named by its key).</exception>
    public static void FromConfig(LadConfig config, AlertOptions options)
    {
        options.WebhookUrl = config.AlertWebhookUrl;
        options.WebhookAuthorization = AuthorizationFile.Read("ALERT_WEBHOOK_AUTH_FILE", config.AlertWebhookAuthFile);
        options.AlertmanagerUrl = config.AlertmanagerUrl;
        options.AlertmanagerAuthorization = AuthorizationFile.Read("ALERTMANAGER_AUTH_FILE", config.AlertmanagerAuthFile);
        options.RateLimitPerMinute = config.AlertRateLimit;
        options.Severity = config.AlertSeverity;
        options.LinkBase = config.AlertLinkBase;
    }

    /// <summary>The link to an incident, or null without <see cref="LinkBase"/>.</summary>
    public string? LinkTo(string incidentId) =>
        LinkBase is null ? null : new Uri(LinkBase, $"{LinkBase.AbsolutePath.TrimEnd('/')}/api/incidents/{Uri.EscapeDataString(incidentId)}").ToString();

    /// <summary>Fails with every schedule problem at once (these come from code, not from the YAML).</summary>
    /// <exception cref="ArgumentException">A period or limit cannot work.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (RateLimitPerMinute < 1)
        {
            problems.Add($"{nameof(RateLimitPerMinute)} must be at least 1, got {RateLimitPerMinute}");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), ("Backoff.Initial", Backoff.Initial), (nameof(AlertmanagerResend), AlertmanagerResend),
                     (nameof(LeaseDuration), LeaseDuration), (nameof(RequestTimeout), RequestTimeout), (nameof(EnqueueTimeout), EnqueueTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} must be positive, got {value}");
            }
        }

        if (Backoff.Max < Backoff.Initial)
        {
            problems.Add($"Backoff.Max ({Backoff.Max}) must be at least Backoff.Initial ({Backoff.Initial})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Alert delivery: " + string.Join("; ", problems));
        }
    }
}

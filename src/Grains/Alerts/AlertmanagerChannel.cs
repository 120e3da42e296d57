using System.Text.Json;

namespace Lad.Grains.Alerts;

/// <summary>Sends incidents to Prometheus Alertmanager's v2 API, many alerts per request, and keeps unresolved ones
/// alive by sending them again every <see cref="AlertOptions.AlertmanagerResend"/>.</summary>
internal sealed class AlertmanagerChannel(HttpClient http, AlertOptions options, TimeProvider time) : IAlertChannel
{
    private static readonly JsonSerializerOptions Json = new();
    private readonly Uri _alerts = new(options.AlertmanagerUrl!, $"{options.AlertmanagerUrl!.AbsolutePath.TrimEnd('/')}/api/v2/alerts");

    public string Name => "alertmanager";

    public int MaxBatch => 64;

    public TimeSpan? Resend => options.AlertmanagerResend;

    public Task SendAsync(IReadOnlyList<AlertQueueEntry> entries, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return AlertHttp.PostAsync(
            http, _alerts, options.AlertmanagerAuthorization, entries.Select(e => AlertmanagerAlert.From(e, options, now)).ToList(), Json, cancellationToken);
    }
}

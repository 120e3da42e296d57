using System.Text.Json;

namespace Lad.Grains.Alerts;

/// <summary>POSTs each incident's latest state as one JSON object (<see cref="WebhookPayload"/>) to <c>ALERT_WEBHOOK_URL</c>.</summary>
internal sealed class WebhookChannel(HttpClient http, AlertOptions options) : IAlertChannel
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => "webhook";

    public int MaxBatch => 1;

    public TimeSpan? Resend => null;

    public Task SendAsync(IReadOnlyList<AlertQueueEntry> entries, CancellationToken cancellationToken) =>
        AlertHttp.PostAsync(http, options.WebhookUrl!, options.WebhookAuthorization, WebhookPayload.From(entries.Single(), options), Json, cancellationToken);
}

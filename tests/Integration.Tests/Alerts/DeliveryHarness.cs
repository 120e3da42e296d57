using Lad.Engine.Incidents;
using Lad.Grains.Alerts;
using Lad.Grains.Retry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Alerts;

/// <summary>Alert delivery outside Orleans: the queueing observer and the delivery loop over a MongoDB database, with
/// the channels the options name and a fast schedule.</summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly AlertDeliveryService _service;

    private DeliveryHarness(IMongoDatabase database, AlertOptions options, AlertBacklog backlog)
    {
        Queue = new MongoAlertQueue(database);
        var http = new HttpClient { Timeout = options.RequestTimeout };
        var channels = new List<IAlertChannel>();
        if (options.WebhookUrl is not null)
        {
            channels.Add(new WebhookChannel(http, options));
        }

        if (options.AlertmanagerUrl is not null)
        {
            channels.Add(new AlertmanagerChannel(http, options, TimeProvider.System));
        }

        Observer = new QueueingIncidentObserver(Queue, channels, backlog, Options.Create(options), NullLogger<QueueingIncidentObserver>.Instance);
        _service = new AlertDeliveryService(
            Queue, new DeliveryLease(database, "harness", TimeProvider.System), backlog, channels, Options.Create(options), Metrics,
            TimeProvider.System, NullLogger<AlertDeliveryService>.Instance);
    }

    public MongoAlertQueue Queue { get; }

    public Lad.Grains.Metrics.LadMetrics Metrics { get; } = new();

    public QueueingIncidentObserver Observer { get; }

    public static AlertOptions FastOptions() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        Backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)),
        RateLimitPerMinute = 6000,
        RequestTimeout = TimeSpan.FromSeconds(5),
        LinkBase = new Uri("https://lad.example.org/"),
    };

    /// <param name="database">Holds the queue and the lease.</param>
    /// <param name="options">Receivers and schedule.</param>
    /// <param name="backlog">Changes held in memory to be queued first (from an observer whose queue write failed).</param>
    public static async Task<DeliveryHarness> StartAsync(IMongoDatabase database, AlertOptions options, AlertBacklog? backlog = null)
    {
        var harness = new DeliveryHarness(database, options, backlog ?? new AlertBacklog());
        await harness._service.StartAsync(CancellationToken.None);
        return harness;
    }

    public Task ReportAsync(params IncidentChange[] changes) => Observer.OnChangedAsync(changes, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Metrics;
using Lad.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lad.Integration.Tests.Metrics;

public class SiloTelemetryTests
{
    [Fact]
    public void WithoutTheOtlpEndpointNothingListens()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task WithTheOtlpEndpointSpansAndMetricsArePostedToTheCollector()
    {
        using var collector = new HttpListener();
        var port = FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var posted = new List<string>();
        var receiving = Task.Run(async () =>
        {
            try
            {
                while (collector.IsListening)
                {
                    var context = await collector.GetContextAsync();
                    lock (posted)
                    {
                        posted.Add($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                    }

                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // Stopped by the test.
            }
        }, TestContext.Current.CancellationToken);
        using var services = Build(new Dictionary<string, string?>
        {
            [SiloTelemetry.EndpointVariable] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var tracer = services.GetRequiredService<TracerProvider>();
        var meter = services.GetRequiredService<MeterProvider>();

        var host = new HostKey("otlp_logs", "otlp-host");
        using (DetectionTelemetry.StartPoll(host))
        {
            using (DetectionTelemetry.TimeScore(host, 3))
            {
            }
        }

        Assert.True(tracer.ForceFlush(10_000));
        Assert.True(meter.ForceFlush(10_000));

        // A flush returns once the collector answered its post, and the collector records a post before answering it.
        // (The receiving loop's end is no measure: its call of the listener, pending when the listener stopped, once stayed
        // pending past 10 s in a CI run.)
        lock (posted)
        {
            Assert.Contains("POST /v1/traces application/x-protobuf", posted);
            Assert.Contains("POST /v1/metrics application/x-protobuf", posted);
        }

        collector.Close();
        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    // The silo's own registration, fed the variables through both the gate and the configuration the exporter reads
    // (in the silo both are the process environment).
    private static ServiceProvider Build(Dictionary<string, string?> variables)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(variables).Build());
        services.AddLogging();
        SiloTelemetry.AddOtlpWhenConfigured(services, name => variables.GetValueOrDefault(name));
        return services.BuildServiceProvider();
    }

    private static int FreePort() => Fixtures.FreePorts.Next();
}

using Lad.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lad.Silo;

/// <summary>The silo's OpenTelemetry: LAD's detection spans and metrics, Orleans' meter and the .NET runtime's, sent over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The <c>aiops_lad_*</c> series at <c>/metrics</c> do not depend on it.</summary>
internal static class SiloTelemetry
{
    /// <summary>The standard variable naming the OTLP collector; unset, the silo exports nothing and registers no listener.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>Adds OTLP export of traces and metrics when <see cref="EndpointVariable"/> is set; the exporter reads the
    /// other standard <c>OTEL_EXPORTER_OTLP_*</c> variables (protocol, headers, timeout) itself.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static void AddOtlpWhenConfigured(IServiceCollection services, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(environment(EndpointVariable)))
        {
            services.AddLadTelemetry(environment).UseOtlpExporter();
        }
    }

    /// <summary>Registers what the silo traces and measures, with no exporter (the caller adds one).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="environment">Reads an environment variable (<c>OTEL_SERVICE_NAME</c> replaces the default name).</param>
    public static IOpenTelemetryBuilder AddLadTelemetry(this IServiceCollection services, Func<string, string?> environment) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(environment(ServiceNameVariable)))
                {
                    resource.AddService("lad-silo", serviceVersion: typeof(SiloTelemetry).Assembly.GetName().Version?.ToString());
                }
            })
            .WithTracing(tracing => tracing.AddSource(DetectionTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(DetectionTelemetry.Name, OrleansMeter, RuntimeMeter));
}

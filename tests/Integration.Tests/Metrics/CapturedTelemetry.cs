using System.Diagnostics;
using Lad.Silo;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lad.Integration.Tests.Metrics;

/// <summary>The spans and metric snapshots a test silo's OpenTelemetry exported, configured as the real silo's with an
/// in-memory exporter instead of OTLP.</summary>
/// <remarks>The providers listen process-wide, so silos of other tests running at the same time are captured too:
/// tests pick their own by source collection.</remarks>
internal sealed class CapturedTelemetry
{
    private readonly LockedList<Activity> _spans = new();
    private readonly LockedList<MetricSnapshot> _metrics = new();

    public static void AddTo(IServiceCollection services)
    {
        var captured = new CapturedTelemetry();
        services.AddSingleton(captured);
        services.AddLadTelemetry(_ => null)
            .WithTracing(tracing => tracing.AddInMemoryExporter(captured._spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(captured._metrics));
    }

    /// <summary>Exports what the silo's providers hold, then copies the spans and metric snapshots seen so far.</summary>
    /// <param name="services">The silo's services.</param>
    public (IReadOnlyList<Activity> Spans, IReadOnlyList<MetricSnapshot> Metrics) Flush(IServiceProvider services)
    {
        Assert.True(services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        return (_spans.Copy(), _metrics.Copy());
    }

    // The in-memory exporters add from the threads that end spans and collect metrics, while the test reads.
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Copy()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Copy().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

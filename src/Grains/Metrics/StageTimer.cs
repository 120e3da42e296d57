using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lad.Grains.Metrics;

/// <summary>Times one stage of a batch: on dispose records the elapsed seconds in its histogram and ends its span.</summary>
public readonly struct StageTimer : IDisposable
{
    private readonly Histogram<double> _histogram;
    private readonly string _source;
    private readonly long _started;

    internal StageTimer(Activity? span, Histogram<double> histogram, string source)
    {
        Span = span;
        _histogram = histogram;
        _source = source;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>The stage's span, or null when the stage has none or nobody listens.</summary>
    public Activity? Span { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        _histogram.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>(DetectionTelemetry.SourceTag, _source));
        Span?.Dispose();
    }
}

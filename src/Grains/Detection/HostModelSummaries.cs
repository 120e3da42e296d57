using Lad.Engine.Model;
using Lad.Engine.Model.Summary;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.Detection;

/// <summary>The engine's <see cref="ModelSummary"/> of a host's model as the grain answers it.</summary>
internal static class HostModelSummaries
{
    /// <summary>Most templates a caller may ask for.</summary>
    public const int MaxTemplates = 1000;

    public static HostModelSummary Of(IAnomalyModel model, VolumeProfile? volume, int templates)
    {
        var summary = ModelSummarizer.Summarize(model, volume, Math.Clamp(templates, 0, MaxTemplates));
        return new HostModelSummary(
            summary.Kind,
            summary.Threshold,
            summary.AlarmsPer10k,
            summary.TrainedLines,
            summary.TemplateCount,
            [.. summary.Templates.Select(t => new LearnedTemplate(t.Text, t.Count, [.. t.Values.Select(v => new LearnedValues(
                v.Parameter, v.Part, v.Kind, v.Observations, v.Distinct, v.NewRate, v.Common,
                v.Range?.Min, v.Range?.Median, v.Range?.Max, v.Range?.Unit ?? "", v.Range?.Rising ?? false))]))],
            summary.Rates is { } rates
                ? new LearnedRates(rates.Interval.TotalSeconds, rates.Intervals, rates.Enabled, rates.LongestGap.TotalSeconds,
                    [.. rates.Templates.Select(r => new LearnedRate(r.Template, r.MaxPerInterval, r.PresentShare))])
                : null,
            summary.RoutineThreshold);
    }
}

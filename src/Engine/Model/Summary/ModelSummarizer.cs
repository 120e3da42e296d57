using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Values;
using Lad.Engine.Volume;

namespace Lad.Engine.Model.Summary;

/// <summary>Computes a <see cref="ModelSummary"/> from a trained model and its host's volume profile.</summary>
public static class ModelSummarizer
{
    private const int CommonValues = 5;

    /// <summary>The summary of <paramref name="model"/>, listing at most <paramref name="maxTemplates"/> templates (and
    /// as many template rates of <paramref name="volume"/>), the most frequent first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTemplates"/> is negative.</exception>
    public static ModelSummary Summarize(IAnomalyModel model, VolumeProfile? volume, int maxTemplates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTemplates);
        var templates = model is DefaultModel learned ? learned.Profile.Templates : [];
        return new ModelSummary(
            model.Kind,
            model.Threshold,
            model.RoutineThreshold,
            model.AlarmsPer10k,
            model.TrainedLines,
            templates.Count,
            [.. templates.OrderByDescending(t => t.Count).ThenBy(t => t.Text, StringComparer.Ordinal).Take(maxTemplates).Select(Template)],
            volume is null ? null : Rates(volume, maxTemplates));
    }

    private static TemplateSummary Template(TemplateProfile template) =>
        new(template.Text, template.Count, [.. template.Parameters.SelectMany((parameter, p) => parameter.Pieces.Select((piece, v) => Value(p + 1, v + 1, piece)))]);

    private static ValueSummary Value(int parameter, int part, ValueProfile piece) => piece.Kind switch
    {
        ValueKind.Categorical => new ValueSummary(parameter, part, "label", piece.Values.Observations, piece.Values.Distinct, piece.NewRate,
            piece.Values.IsOpen || piece.Values.Observations == 0 ? [] : [.. piece.Values.TopValues(CommonValues)], null),
        ValueKind.Magnitude => new ValueSummary(parameter, part, "size", piece.Values.Observations, piece.Values.Distinct, piece.NewRate, [],
            piece.Magnitude is { } m ? new SizeRange(m.Min, m.Median, m.Max, m.Unit, m.Rising) : null),
        _ => new ValueSummary(parameter, part, "identifier", piece.Values.Observations, piece.Values.Distinct, piece.NewRate, [], null),
    };

    private static RateSummary Rates(VolumeProfile volume, int maxTemplates) => new(
        volume.Options.Interval,
        volume.History.Intervals,
        volume.Enabled,
        volume.History.LongestGap,
        [.. volume.Rates.Values.OrderByDescending(r => r.MaxPerInterval).ThenBy(r => r.Template, StringComparer.Ordinal).Take(maxTemplates)
            .Select(r => new TemplateRateSummary(r.Template, r.MaxPerInterval, r.PresentShare))]);
}

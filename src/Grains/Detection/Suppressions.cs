using Lad.Grains.Abstractions.Feedback;

namespace Lad.Grains.Detection;

/// <summary>The lines, templates and parameter values of one host that people marked as false positives: not reported
/// (lines, templates) or no evidence (values) while the feedback stands (until it expires or is undone).</summary>
internal sealed class Suppressions
{
    private readonly Dictionary<string, FeedbackRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FeedbackRecord>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FeedbackRecord>> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Template, int Parameter, string Value), List<FeedbackRecord>> _values = [];

    public void AddRange(IEnumerable<FeedbackRecord> feedback)
    {
        foreach (var record in feedback)
        {
            Apply(record);
        }
    }

    /// <summary>Adds a standing false positive; an undone one lifts the suppression it made.</summary>
    public void Apply(FeedbackRecord feedback)
    {
        if (feedback.Verdict != FeedbackVerdict.FalsePositive)
        {
            return;
        }

        if (feedback.UndoneAt is not null)
        {
            Lift(feedback.Id);
            return;
        }

        switch (feedback)
        {
            case { Scope: FeedbackScope.Template, Template: { } template }:
                Add(_templates, template, feedback);
                break;
            case { Scope: FeedbackScope.Value, Template: { } template, Parameter: { } parameter, Value: { } value }:
                Add(_values, (template, parameter, value), feedback);
                break;
            case { Scope: FeedbackScope.Value }:
                // A value feedback without its template, parameter or value (a damaged record) names nothing to cover.
                return;
            default:
                Add(_lines, feedback.Message, feedback);
                break;
        }

        _byId[feedback.Id] = feedback;
    }

    public bool Covers(string message, string template, DateTime utcNow) =>
        Stands(_lines, message, utcNow) || Stands(_templates, template, utcNow);

    /// <summary>Whether <paramref name="value"/> at <paramref name="parameter"/> of <paramref name="template"/> is normal by feedback.</summary>
    public bool AcceptsValue(string template, int parameter, string value, DateTime utcNow) =>
        _values.Count > 0 && Stands(_values, (template, parameter, value), utcNow);

    private static void Add<TKey>(Dictionary<TKey, List<FeedbackRecord>> index, TKey key, FeedbackRecord feedback)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(feedback);
    }

    private static bool Stands<TKey>(Dictionary<TKey, List<FeedbackRecord>> index, TKey key, DateTime utcNow)
        where TKey : notnull =>
        index.TryGetValue(key, out var list) && list.Exists(r => r.StandsAt(utcNow));

    private static void Remove<TKey>(Dictionary<TKey, List<FeedbackRecord>> index, string id)
        where TKey : notnull
    {
        foreach (var (key, list) in index)
        {
            if (list.RemoveAll(r => r.Id == id) > 0 && list.Count == 0)
            {
                index.Remove(key);
            }
        }
    }

    private void Lift(string id)
    {
        if (!_byId.Remove(id, out var record))
        {
            return;
        }

        Remove(_lines, record.Id);
        Remove(_templates, record.Id);
        Remove(_values, record.Id);
    }
}

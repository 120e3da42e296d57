using Lad.Grains.Abstractions.Feedback;

namespace Lad.Grains.Detection;

/// <summary>The lines and templates of one host that people marked as false positives: not reported while the feedback
/// stands (until it expires or is undone).</summary>
internal sealed class Suppressions
{
    private readonly Dictionary<string, FeedbackRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FeedbackRecord>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FeedbackRecord>> _templates = new(StringComparer.Ordinal);

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

        _byId[feedback.Id] = feedback;
        var (index, key) = feedback.Scope == FeedbackScope.Template && feedback.Template is { } template
            ? (_templates, template)
            : (_lines, feedback.Message);
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(feedback);
    }

    public bool Covers(string message, string template, DateTime utcNow) =>
        Stands(_lines, message, utcNow) || Stands(_templates, template, utcNow);

    private static bool Stands(Dictionary<string, List<FeedbackRecord>> index, string key, DateTime utcNow) =>
        index.TryGetValue(key, out var list) && list.Exists(r => r.StandsAt(utcNow));

    private void Lift(string id)
    {
        if (!_byId.Remove(id, out var record))
        {
            return;
        }

        foreach (var index in new[] { _lines, _templates })
        {
            foreach (var (key, list) in index)
            {
                if (list.RemoveAll(r => r.Id == record.Id) > 0 && list.Count == 0)
                {
                    index.Remove(key);
                }
            }
        }
    }
}

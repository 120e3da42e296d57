using Lad.Grains.Abstractions.Feedback;

namespace Lad.Grains.Detection;

/// <summary>The lines and templates of one host that people marked as false positives: never reported again.</summary>
internal sealed class Suppressions
{
    private readonly HashSet<string> _lines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _templates = new(StringComparer.Ordinal);

    public void AddRange(IEnumerable<FeedbackRecord> feedback)
    {
        foreach (var record in feedback)
        {
            Add(record);
        }
    }

    public void Add(FeedbackRecord feedback)
    {
        if (feedback.Verdict != FeedbackVerdict.FalsePositive)
        {
            return;
        }

        if (feedback.Scope == FeedbackScope.Template && feedback.Template is { } template)
        {
            _templates.Add(template);
        }
        else
        {
            _lines.Add(feedback.Message);
        }
    }

    public bool Covers(string message, string template) => _lines.Contains(message) || _templates.Contains(template);
}

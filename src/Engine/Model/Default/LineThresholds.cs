namespace Lad.Engine.Model.Default;

/// <summary>
/// A default model's line thresholds: one for lines of a routine template (one making up at least
/// <see cref="HostProfile.RoutineShare"/> of the history), one for every other line (a rare or never-seen template).
/// They are calibrated apart because a host's history says how high each kind scores: a host whose normal traffic
/// keeps bringing new and rare templates needs a high bar for them, which would leave its routine lines unheard (a
/// user, program or state never seen where one always stood) under one shared bar.
/// </summary>
/// <param name="Other">A line of a rare or never-seen template scoring above it is anomalous.</param>
/// <param name="Routine">A line of a routine template scoring above it is anomalous; never above <paramref name="Other"/>.</param>
internal readonly record struct LineThresholds(double Other, double Routine)
{
    /// <summary>The same threshold for every line.</summary>
    public static LineThresholds Both(double threshold) => new(threshold, threshold);

    /// <summary>Whether a template making up <paramref name="templateFrequency"/> of the history is routine.</summary>
    public static bool IsRoutine(double templateFrequency) => templateFrequency >= HostProfile.RoutineShare;

    /// <summary>The threshold of a line whose template makes up <paramref name="templateFrequency"/> of the history (0 for a never-seen one).</summary>
    public double For(double templateFrequency) => IsRoutine(templateFrequency) ? Routine : Other;

    /// <summary>These thresholds, each kept below the score of a line of its kind people confirmed as anomalous.</summary>
    public LineThresholds Below(IEnumerable<LineAssessment> confirmed)
    {
        var (other, routine) = (Other, Routine);
        foreach (var line in confirmed)
        {
            var below = Math.BitDecrement(line.Score);
            if (IsRoutine(line.TemplateFrequency))
            {
                routine = Math.Min(routine, below);
            }
            else
            {
                other = Math.Min(other, below);
            }
        }

        return new LineThresholds(other, Math.Min(routine, other));
    }
}

namespace Lad.Engine.Model.Default;

/// <summary>
/// A default model's line thresholds: one for lines of a routine template (one making up at least
/// <see cref="HostProfile.RoutineShare"/> of the history), one for every other line (a rare or never-seen template).
/// They are calibrated apart because a host's history says how high each kind scores: a host whose normal traffic
/// keeps bringing new and rare templates needs a high bar for them, which would leave its routine lines unheard (a
/// user, program or state never seen where one always stood) under one shared bar. A line written at a level more
/// severe than any in the host's history gets the routine bar whatever its template: no held-out line could show how
/// often such lines come (held-out lines are the history's own), so the bar that new templates coming often lift says
/// nothing of it, and the first ERROR of a host that never wrote one must not hide behind that host's churn.
/// </summary>
/// <param name="Other">A line of a rare or never-seen template scoring above it is anomalous.</param>
/// <param name="Routine">A line of a routine template scoring above it is anomalous; never above <paramref name="Other"/>.</param>
/// <param name="Unproven">
/// Routine templates whose first line came in the second half of the history, or that were not routine in the part the
/// calibrating profile was fitted on: a program or client that started late, or a message that only lately became
/// common. Their lines keep <paramref name="Other"/>, because nothing yet shows how their values settle: a proxy's new
/// connection template still brings a new host name in most of its lines, and a count that only lately began to be
/// logged is still climbing. (Those not routine in the fitted part also had their held-out lines counted as rare or
/// new ones.) Null for none.
/// </param>
internal readonly record struct LineThresholds(double Other, double Routine, IReadOnlySet<int>? Unproven = null)
{
    /// <summary>The same threshold for every line.</summary>
    public static LineThresholds Both(double threshold) => new(threshold, threshold);

    /// <summary>Whether a template making up <paramref name="templateFrequency"/> of the history is routine.</summary>
    public static bool IsRoutine(double templateFrequency) => templateFrequency >= HostProfile.RoutineShare;

    /// <summary>
    /// The threshold of a line of template <paramref name="templateId"/>, which makes up <paramref name="templateFrequency"/>
    /// of the history (0 for a never-seen one); <paramref name="levelBeyondHistory"/> for a line whose level is more
    /// severe than any the host wrote in training.
    /// </summary>
    public double For(int templateId, double templateFrequency, bool levelBeyondHistory = false) =>
        GetsRoutineBar(templateId, templateFrequency, levelBeyondHistory) ? Routine : Other;

    /// <summary>The threshold of the line <paramref name="line"/> assesses.</summary>
    public double For(LineAssessment line) => For(line.TemplateId, line.TemplateFrequency, line.LevelBeyondHistory);

    /// <summary>These thresholds, with lines of the templates in <paramref name="unproven"/> kept to the other bar.</summary>
    public LineThresholds WithUnproven(IReadOnlySet<int> unproven) => this with { Unproven = unproven.Count == 0 ? null : unproven };

    /// <summary>These thresholds, each kept below the score of a line of its kind people confirmed as anomalous.</summary>
    public LineThresholds Below(IEnumerable<LineAssessment> confirmed)
    {
        var (other, routine) = (Other, Routine);
        foreach (var line in confirmed)
        {
            var below = Math.BitDecrement(line.Score);
            if (GetsRoutineBar(line.TemplateId, line.TemplateFrequency, line.LevelBeyondHistory))
            {
                routine = Math.Min(routine, below);
            }
            else
            {
                other = Math.Min(other, below);
            }
        }

        return this with { Other = other, Routine = Math.Min(routine, other) };
    }

    private bool GetsRoutineBar(int templateId, double templateFrequency, bool levelBeyondHistory) =>
        levelBeyondHistory || (IsRoutine(templateFrequency) && Unproven?.Contains(templateId) != true);
}

using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Model.Default;

/// <summary>
/// What <see cref="ThresholdCalibration"/> needs of the calibration lines, gathered one line at a time so the
/// lines and their assessments need not be kept: per template, its line count and the highest scores of its plainly
/// routine-looking lines (only the top <c>allowed + 1</c> events can set the threshold or lie above it); the highest
/// score of each group the budget counts once; the distinct new templates; and how many lines carried each severity
/// contribution. Its memory grows with the templates and distinct findings, not with the lines.
/// </summary>
internal sealed class CalibrationTally
{
    private readonly Dictionary<(int Id, string Template), TemplateTally> _templates = [];
    private readonly Dictionary<(int TemplateId, string Group, bool InRareContext), double> _grouped = [];
    private readonly HashSet<int> _routineTemplates = [];
    private readonly HashSet<(int TemplateId, string Value)> _routineNewValues = [];
    private readonly HashSet<string> _newTemplates = new(StringComparer.Ordinal);
    private readonly Dictionary<double, int> _severities = [];
    private readonly int _kept;

    /// <summary>A tally for <paramref name="lines"/> calibration lines and an alarm budget of <paramref name="alarmBudget"/>.</summary>
    public CalibrationTally(int lines, double alarmBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        Lines = lines;
        Allowed = (int)Math.Floor(alarmBudget * lines / ThresholdCalibration.BudgetLines);
        _kept = Allowed + 1;
    }

    /// <summary>How many calibration lines the tally is for.</summary>
    public int Lines { get; }

    /// <summary>How many alarms the budget allows on <see cref="Lines"/> lines.</summary>
    public int Allowed { get; }

    /// <summary>How many lines were added so far.</summary>
    public int Added { get; private set; }

    /// <summary>How many distinct values came at places of routine templates where the fitted profile expected no new one.</summary>
    public int RoutineNewValues => _routineNewValues.Count;

    /// <summary>How many distinct never-seen templates came.</summary>
    public int NewTemplates => _newTemplates.Count;

    /// <summary>Counts one calibration line.</summary>
    /// <exception cref="InvalidOperationException">More lines than the tally was made for.</exception>
    public void Add(in HeldOutLine line)
    {
        if (Added == Lines)
        {
            throw new InvalidOperationException($"the calibration tally was made for {Lines} lines");
        }

        Added++;
        var key = (line.TemplateId, line.Template);
        if (!_templates.TryGetValue(key, out var template))
        {
            template = new TemplateTally();
            _templates.Add(key, template);
        }

        template.Count++;
        _severities[line.SeverityContribution] = _severities.GetValueOrDefault(line.SeverityContribution) + 1;
        if (line.TemplateId == ContextState.Unknown)
        {
            _newTemplates.Add(line.Template);
        }
        else if (LineThresholds.IsRoutine(line.TemplateFrequency))
        {
            _routineTemplates.Add(line.TemplateId);
            if (line.NeverSeenValue is { } value)
            {
                _routineNewValues.Add((line.TemplateId, value));
            }
        }

        if (line.TemplateId != ContextState.Unknown && !line.InRareContext && line.NeverSeenValue is null)
        {
            template.AddPlain(line.Score, _kept);
        }
        else
        {
            var group = (line.TemplateId, line.NeverSeenValue is null ? line.Template : line.Template + "\0" + line.NeverSeenValue, line.InRareContext);
            _grouped[group] = Math.Max(_grouped.GetValueOrDefault(group), line.Score);
        }
    }

    /// <summary>
    /// The potential alarms once every line is in: a template with at least <paramref name="routine"/> lines gives one
    /// event per plain line, any other one event for all of them. Returns how many events there are, the highest
    /// <see cref="Allowed"/> + 1 or more of their scores (highest first), and how many score above the threshold's
    /// ceiling, <see cref="EvidenceWeights.ReferenceErrorScore"/>. With <paramref name="routineTemplatesOnly"/>, only the
    /// events of templates routine in the fitted profile (<see cref="LineThresholds.IsRoutine"/>).
    /// </summary>
    public (long Count, List<double> Highest, long AboveCeiling) Events(int routine, bool routineTemplatesOnly = false)
    {
        var ceiling = EvidenceWeights.ReferenceErrorScore;
        long count = 0, aboveCeiling = 0;
        var highest = new List<double>();
        foreach (var (key, template) in _templates)
        {
            if (template.Plain == 0 || (routineTemplatesOnly && !_routineTemplates.Contains(key.Id)))
            {
                continue;
            }

            if (template.Count >= routine)
            {
                count += template.Plain;
                highest.AddRange(template.Highest.UnorderedItems.Select(i => i.Element));
                aboveCeiling += template.AboveCeiling;
            }
            else
            {
                count++;
                highest.Add(template.PlainMax);
                aboveCeiling += template.PlainMax > ceiling ? 1 : 0;
            }
        }

        foreach (var (group, score) in _grouped)
        {
            if (routineTemplatesOnly && !_routineTemplates.Contains(group.TemplateId))
            {
                continue;
            }

            count++;
            highest.Add(score);
            aboveCeiling += score > ceiling ? 1 : 0;
        }

        highest.Sort((a, b) => b.CompareTo(a));
        return (count, highest, aboveCeiling);
    }

    /// <summary>
    /// How many events (as <see cref="Events"/> counts them) of templates not routine in the fitted profile score above
    /// <paramref name="threshold"/>; at most <see cref="Allowed"/> + 1 per template counted line by line.
    /// </summary>
    public int OtherEventsAbove(double threshold, int routine) =>
        _templates.Where(t => !_routineTemplates.Contains(t.Key.Id) && t.Value.Plain > 0).Sum(t => t.Value.EventsAbove(threshold, routine))
        + _grouped.Count(g => !_routineTemplates.Contains(g.Key.TemplateId) && g.Value > threshold);

    /// <summary>The median of the lines' severity contributions (the lower-middle one's upper neighbour for an even count, as a sorted array's [n / 2]).</summary>
    public double MedianSeverity()
    {
        var remaining = Added / 2;
        foreach (var (severity, lines) in _severities.OrderBy(p => p.Key))
        {
            if (remaining < lines)
            {
                return severity;
            }

            remaining -= lines;
        }

        throw new InvalidOperationException("the calibration tally holds no line");
    }

    /// <summary>One template's lines: how many, and the scores of those counted one by one when it is routine.</summary>
    private sealed class TemplateTally
    {
        public long Count { get; set; }

        /// <summary>Lines of the template in no rare context and with no never-seen value.</summary>
        public long Plain { get; private set; }

        public double PlainMax { get; private set; }

        /// <summary>The highest plain scores, lowest on top (a bounded min-heap).</summary>
        public PriorityQueue<double, double> Highest { get; } = new();

        public void AddPlain(double score, int kept)
        {
            Plain++;
            PlainMax = Math.Max(PlainMax, score);
            AboveCeiling += score > EvidenceWeights.ReferenceErrorScore ? 1 : 0;

            if (Highest.Count < kept)
            {
                Highest.Enqueue(score, score);
            }
            else if (score > Highest.Peek())
            {
                Highest.DequeueEnqueue(score, score);
            }
        }

        /// <summary>The template's events above <paramref name="threshold"/>, among the highest kept when it counts line by line.</summary>
        public int EventsAbove(double threshold, int routine) =>
            Count >= routine ? Highest.UnorderedItems.Count(i => i.Element > threshold) : PlainMax > threshold ? 1 : 0;

        /// <summary>Plain lines scoring above <see cref="EvidenceWeights.ReferenceErrorScore"/>, the threshold's ceiling.</summary>
        public long AboveCeiling { get; private set; }
    }
}

using Lad.Engine.Model.Default.Context;
using Lad.Engine.Source;

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
    // Templates are told apart by their text (and whether training knew them): the lines of a cross-fitted history
    // (see CrossFitting) are held out by profiles that number the same templates differently.
    private readonly Dictionary<(bool Known, string Template), TemplateTally> _templates = [];
    private readonly Dictionary<(bool Known, string Template, string? Value, bool InRareContext), HeldOutLine> _grouped = [];
    private readonly HashSet<string> _routineTemplates = new(StringComparer.Ordinal);
    private readonly HashSet<(string Template, string Value)> _routineNewValues = [];
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
        var key = (line.TemplateId != ContextState.Unknown, line.Template);
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
            _routineTemplates.Add(line.Template);
            if (line.NeverSeenValue is { } value)
            {
                _routineNewValues.Add((line.Template, value));
            }
        }

        if (line.TemplateId != ContextState.Unknown && !line.InRareContext && line.NeverSeenValue is null)
        {
            template.AddPlain(line, _kept);
        }
        else
        {
            var group = (line.TemplateId != ContextState.Unknown, line.Template, line.NeverSeenValue, line.InRareContext);
            if (!_grouped.TryGetValue(group, out var highest) || line.Score > highest.Score)
            {
                _grouped[group] = line;
            }
        }
    }

    /// <summary>
    /// Raises each potential alarm kept (the highest lines of each template and group) to the score the final profile,
    /// <paramref name="weigh"/>, gives its line, plus what its context added, where that is higher. The calibrating
    /// profile saw less of the history: a template whose share fell in the held-out part is rarer to the final profile,
    /// and a bar set at a recurring template's score by the calibrating profile alone left every later line of it a
    /// hair above the bar. Lines without a record keep their score.
    /// </summary>
    public void RaiseTo(Func<LogRecord, double> weigh)
    {
        foreach (var template in _templates.Values)
        {
            template.RaiseTo(weigh);
        }

        foreach (var group in _grouped.Keys.ToList())
        {
            _grouped[group] = Raised(_grouped[group], weigh);
        }
    }

    /// <summary><paramref name="line"/> with the higher of its score and the final profile's.</summary>
    private static HeldOutLine Raised(HeldOutLine line, Func<LogRecord, double> weigh) =>
        line.Record is { } record && weigh(record) + line.ContextContribution is var final && final > line.Score ? line with { Score = final } : line;

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
            if (template.Plain == 0 || (routineTemplatesOnly && !_routineTemplates.Contains(key.Template)))
            {
                continue;
            }

            if (template.Count >= routine)
            {
                count += template.Plain;
                highest.AddRange(template.Highest.UnorderedItems.Select(i => i.Element.Score));
                aboveCeiling += template.AboveCeiling;
            }
            else
            {
                count++;
                highest.Add(template.PlainMax);
                aboveCeiling += template.PlainMax > ceiling ? 1 : 0;
            }
        }

        foreach (var (group, line) in _grouped)
        {
            if (routineTemplatesOnly && !_routineTemplates.Contains(group.Template))
            {
                continue;
            }

            count++;
            highest.Add(line.Score);
            aboveCeiling += line.Score > ceiling ? 1 : 0;
        }

        highest.Sort((a, b) => b.CompareTo(a));
        return (count, highest, aboveCeiling);
    }

    /// <summary>
    /// How many events (as <see cref="Events"/> counts them) of templates not routine in the fitted profile score above
    /// <paramref name="threshold"/>; at most <see cref="Allowed"/> + 1 per template counted line by line.
    /// </summary>
    public int OtherEventsAbove(double threshold, int routine) =>
        _templates.Where(t => !_routineTemplates.Contains(t.Key.Template) && t.Value.Plain > 0).Sum(t => t.Value.EventsAbove(threshold, routine))
        + _grouped.Count(g => !_routineTemplates.Contains(g.Key.Template) && g.Value.Score > threshold);

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

    /// <summary>One template's lines: how many, and the highest of those counted one by one when it is routine.</summary>
    private sealed class TemplateTally
    {
        public long Count { get; set; }

        /// <summary>Lines of the template in no rare context and with no never-seen value.</summary>
        public long Plain { get; private set; }

        /// <summary>The highest plain score: the highest line is always among those kept (at least one is).</summary>
        public double PlainMax => Highest.UnorderedItems.Max(i => i.Element.Score);

        /// <summary>The highest plain lines, the lowest scoring on top (a bounded min-heap).</summary>
        public PriorityQueue<HeldOutLine, double> Highest { get; private set; } = new();

        public void AddPlain(in HeldOutLine line, int kept)
        {
            Plain++;
            AboveCeiling += line.Score > EvidenceWeights.ReferenceErrorScore ? 1 : 0;

            if (Highest.Count < kept)
            {
                Highest.Enqueue(line, line.Score);
            }
            else if (line.Score > Highest.Peek().Score)
            {
                Highest.DequeueEnqueue(line, line.Score);
            }
        }

        /// <summary>
        /// Raises the lines kept as <see cref="CalibrationTally.RaiseTo"/> does; a kept line raised above the ceiling
        /// counts there (lines not kept scored below those kept, and are not weighed again).
        /// </summary>
        public void RaiseTo(Func<LogRecord, double> weigh)
        {
            var raised = new PriorityQueue<HeldOutLine, double>();
            foreach (var (line, _) in Highest.UnorderedItems)
            {
                var now = Raised(line, weigh);
                AboveCeiling += now.Score > EvidenceWeights.ReferenceErrorScore && line.Score <= EvidenceWeights.ReferenceErrorScore ? 1 : 0;
                raised.Enqueue(now, now.Score);
            }

            Highest = raised;
        }

        /// <summary>The template's events above <paramref name="threshold"/>, among the highest kept when it counts line by line.</summary>
        public int EventsAbove(double threshold, int routine) =>
            Count >= routine ? Highest.UnorderedItems.Count(i => i.Element.Score > threshold) : PlainMax > threshold ? 1 : 0;

        /// <summary>Plain lines scoring above <see cref="EvidenceWeights.ReferenceErrorScore"/>, the threshold's ceiling.</summary>
        public long AboveCeiling { get; private set; }
    }
}

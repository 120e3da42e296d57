namespace Lad.Engine.Model.Summary;

/// <summary>What a host's model learned, for a person: its threshold and what it bought, its templates with their
/// counts and the values it learned at each of their places, and the template rates of the host's volume profile.</summary>
/// <param name="Kind">The model kind (<c>default</c>, <c>som</c>, ...).</param>
/// <param name="Threshold">The calibrated threshold.</param>
/// <param name="RoutineThreshold">The bar of routine templates' lines: the threshold, or a lower one the model calibrated for them.</param>
/// <param name="AlarmsPer10k">Alarms per 10,000 held-out lines the threshold gave, or null when not calibrated that way.</param>
/// <param name="TrainedLines">Lines the model was trained on.</param>
/// <param name="TemplateCount">All templates the model keeps (<paramref name="Templates"/> may list fewer).</param>
/// <param name="Templates">The most frequent templates, most frequent first; empty for a model that keeps no template profiles.</param>
/// <param name="Rates">What the host's volume history showed, or null without a volume profile.</param>
public sealed record ModelSummary(
    string Kind,
    double Threshold,
    double RoutineThreshold,
    double? AlarmsPer10k,
    long TrainedLines,
    int TemplateCount,
    IReadOnlyList<TemplateSummary> Templates,
    RateSummary? Rates);

/// <summary>One template the model learned.</summary>
/// <param name="Text">The template, variable parts as <c>&lt;*&gt;</c>.</param>
/// <param name="Count">Training lines of the template.</param>
/// <param name="Values">What was learned at each value place of the template, in order.</param>
public sealed record TemplateSummary(string Text, long Count, IReadOnlyList<ValueSummary> Values);

/// <summary>What training saw at one value place of a template.</summary>
/// <param name="Parameter">The template parameter, from 1.</param>
/// <param name="Part">The value within the parameter, from 1 (a parameter such as <c>502 157</c> holds two).</param>
/// <param name="Kind"><c>label</c> (a closed set: a never-seen value is evidence), <c>size</c> (judged by how far
/// outside the range it lies) or <c>identifier</c> (new values are the norm and say nothing).</param>
/// <param name="Observations">Values seen there.</param>
/// <param name="Distinct">Distinct values counted there.</param>
/// <param name="NewRate">How often a new value came (the evidence a never-seen label carries is the rarer this is).</param>
/// <param name="Common">The most frequent values of a label place, most frequent first; empty for the other kinds.</param>
/// <param name="Range">The range of a size place; null for the other kinds.</param>
public sealed record ValueSummary(int Parameter, int Part, string Kind, long Observations, int Distinct, double NewRate, IReadOnlyList<string> Common, SizeRange? Range);

/// <summary>The range a size place held in training.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Median">Median value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Unit">The unit written after the numbers, or empty.</param>
/// <param name="Rising">The values kept rising (a counter or a clock), so they may exceed the range.</param>
public sealed record SizeRange(double Min, double Median, double Max, string Unit, bool Rising);

/// <summary>The host's volume profile: how many lines of each template came per interval in its history.</summary>
/// <param name="Interval">The counting interval.</param>
/// <param name="Intervals">History intervals counted.</param>
/// <param name="Enabled">Whether the history was long enough (<see cref="Volume.VolumeOptions.MinIntervals"/>) to judge volume.</param>
/// <param name="LongestGap">The longest silence of the history.</param>
/// <param name="Templates">The busiest templates, most lines per interval first.</param>
public sealed record RateSummary(TimeSpan Interval, int Intervals, bool Enabled, TimeSpan LongestGap, IReadOnlyList<TemplateRateSummary> Templates);

/// <summary>One template's rate in the volume history.</summary>
/// <param name="Template">The template.</param>
/// <param name="MaxPerInterval">Most lines in one interval.</param>
/// <param name="PresentShare">Share of the history's intervals holding at least one.</param>
public sealed record TemplateRateSummary(string Template, int MaxPerInterval, double PresentShare);

namespace Lad.Grains.Abstractions.Detection;

/// <summary>What a host's current model learned (the engine's <c>ModelSummary</c>, for callers of the grain).</summary>
/// <param name="Kind">The model kind.</param>
/// <param name="Threshold">The calibrated threshold.</param>
/// <param name="AlarmsPer10k">Alarms per 10,000 held-out lines the threshold gave (what ALARM_BUDGET bought), or null.</param>
/// <param name="TrainedLines">Lines the model was trained on.</param>
/// <param name="TemplateCount">All templates the model keeps.</param>
/// <param name="Templates">The most frequent templates, most frequent first.</param>
/// <param name="Rates">The host's volume profile, or null without one.</param>
/// <param name="RoutineThreshold">The bar of routine templates' lines: the threshold, or a lower one the model calibrated for
/// them. Last, so the fields serialized before it keep their ids.</param>
[GenerateSerializer, Immutable]
public sealed record HostModelSummary(
    string Kind,
    double Threshold,
    double? AlarmsPer10k,
    long TrainedLines,
    int TemplateCount,
    IReadOnlyList<LearnedTemplate> Templates,
    LearnedRates? Rates,
    double RoutineThreshold);

/// <summary>One template a host's model learned.</summary>
/// <param name="Text">The template, variable parts as <c>&lt;*&gt;</c>.</param>
/// <param name="Count">Training lines of the template.</param>
/// <param name="Values">What was learned at each value place of the template.</param>
[GenerateSerializer, Immutable]
public sealed record LearnedTemplate(string Text, long Count, IReadOnlyList<LearnedValues> Values);

/// <summary>What training saw at one value place of a template.</summary>
/// <param name="Parameter">The template parameter, from 1.</param>
/// <param name="Part">The value within the parameter, from 1.</param>
/// <param name="Kind"><c>label</c>, <c>size</c> or <c>identifier</c>.</param>
/// <param name="Observations">Values seen there.</param>
/// <param name="Distinct">Distinct values counted there.</param>
/// <param name="NewRate">How often a new value came.</param>
/// <param name="Common">A label place's most frequent values.</param>
/// <param name="Min">A size place's smallest value, else null.</param>
/// <param name="Median">A size place's median, else null.</param>
/// <param name="Max">A size place's largest value, else null.</param>
/// <param name="Unit">A size place's unit, else empty.</param>
/// <param name="Rising">A size place's values kept rising in training.</param>
[GenerateSerializer, Immutable]
public sealed record LearnedValues(
    int Parameter, int Part, string Kind, long Observations, int Distinct, double NewRate, IReadOnlyList<string> Common,
    double? Min, double? Median, double? Max, string Unit, bool Rising);

/// <summary>The host's volume profile.</summary>
/// <param name="IntervalSeconds">The counting interval.</param>
/// <param name="Intervals">History intervals counted.</param>
/// <param name="Enabled">Whether the history was long enough to judge volume.</param>
/// <param name="LongestGapSeconds">The longest silence of the history.</param>
/// <param name="Templates">The busiest templates: most lines in one interval, and the share of intervals holding one.</param>
[GenerateSerializer, Immutable]
public sealed record LearnedRates(double IntervalSeconds, int Intervals, bool Enabled, double LongestGapSeconds, IReadOnlyList<LearnedRate> Templates);

/// <summary>One template's rate in the volume history.</summary>
/// <param name="Template">The template.</param>
/// <param name="MaxPerInterval">Most lines in one interval.</param>
/// <param name="PresentShare">Share of the history's intervals holding at least one.</param>
[GenerateSerializer, Immutable]
public sealed record LearnedRate(string Template, int MaxPerInterval, double PresentShare);

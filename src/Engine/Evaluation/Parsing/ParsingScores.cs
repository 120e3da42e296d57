namespace Lad.Engine.Evaluation.Parsing;

/// <summary>Log parsing accuracy as defined by Loghub-2.0 (Jiang et al., ISSTA 2024).</summary>
/// <param name="GroupingAccuracy">GA: share of lines whose predicted group holds exactly the lines of their true group.</param>
/// <param name="GroupingF1">FGA: F1 over groups, a predicted group counting when it equals a true group exactly.</param>
/// <param name="ParsingAccuracy">PA: share of lines whose predicted template text equals the true template.</param>
/// <param name="TemplateF1">FTA: F1 over templates, counting a template when its group is exact and its text equals the truth.</param>
/// <param name="PredictedGroups">Number of predicted groups (templates).</param>
/// <param name="TrueGroups">Number of true templates.</param>
public sealed record ParsingScores(
    double GroupingAccuracy,
    double GroupingF1,
    double ParsingAccuracy,
    double TemplateF1,
    int PredictedGroups,
    int TrueGroups);

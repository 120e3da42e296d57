namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// Session endings as a daemon reports them: judged while lines go on arriving, once per pause, instead of once at the
/// end of input as the evaluation's own session verdicts are (see <see cref="LiveEndings"/>).
/// </summary>
/// <param name="JudgedEveryLines">How many test lines pass between two judgements.</param>
/// <param name="Reports">Anomalous endings reported, a session paused and ended oddly twice counting twice.</param>
/// <param name="FlaggedNormal">Labelled normal sessions with at least one anomalous ending reported.</param>
/// <param name="Normal">Labelled normal sessions scored.</param>
/// <param name="FlaggedAnomalous">Labelled anomalous sessions with at least one anomalous ending reported.</param>
/// <param name="Anomalous">Labelled anomalous sessions scored.</param>
public sealed record LiveEndingsReport(int JudgedEveryLines, long Reports, long FlaggedNormal, long Normal, long FlaggedAnomalous, long Anomalous);

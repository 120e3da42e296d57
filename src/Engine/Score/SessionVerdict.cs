namespace Lad.Engine.Score;

/// <summary>
/// How a session ended, judged when a stream closes it (idle long enough, or at the end of input): its verdict
/// scores the way it stopped against how training sessions stopped.
/// </summary>
/// <param name="Session">The session key.</param>
/// <param name="Lines">How many lines the stream saw in the session.</param>
/// <param name="Verdict">The closing verdict; anomalous when training sessions seldom stopped where this one did.</param>
public sealed record SessionVerdict(string Session, long Lines, AnomalyVerdict Verdict);

using Lad.Grains.DeadLetters;
using Lad.Grains.Sink;

namespace Lad.Grains.Detection;

/// <summary>What scoring one polled batch produced.</summary>
/// <param name="Anomalies">The lines judged anomalous and not suppressed by feedback, in batch order.</param>
/// <param name="Scored">Lines scored.</param>
/// <param name="ScoreSum">Sum of the scored lines' scores.</param>
/// <param name="Failures">Lines whose scoring threw, set aside as dead letters.</param>
public sealed record ScoredBatch(IReadOnlyList<DetectedAnomaly> Anomalies, int Scored, double ScoreSum, IReadOnlyList<DeadLetter> Failures);

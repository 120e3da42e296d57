using Lad.Engine.Score;
using Lad.Engine.Volume;
using Lad.Grains.Source;

namespace Lad.Grains.Sink;

/// <summary>A polled record the model judged anomalous, ready to be written.</summary>
/// <param name="Source">The record and its original document.</param>
/// <param name="Verdict">The model's score, threshold and explanation.</param>
/// <param name="ModelVersion">Identifies the model that judged (so results can be traced to a training).</param>
/// <param name="DetectedAt">When the verdict was made (UTC).</param>
/// <param name="EndedSession">For a session judged by how it ended: its key (and <paramref name="Source"/> is its last
/// line); null for a line judged on its own.</param>
/// <param name="Volume">For a volume anomaly (a surge, a vanished template, a silence): the finding, and
/// <paramref name="Source"/> stands for it (no source document); null for a line or session.</param>
public sealed record DetectedAnomaly(
    PolledRecord Source,
    AnomalyVerdict Verdict,
    string ModelVersion,
    DateTime DetectedAt,
    string? EndedSession = null,
    VolumeFinding? Volume = null);

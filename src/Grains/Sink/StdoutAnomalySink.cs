using System.Text;

namespace Lad.Grains.Sink;

/// <summary>Writes anomalies to standard output, one JSON object per line (<c>STORAGE_DATASINK: stdout</c>); nothing else
/// is written there (the silo logs to standard error in this mode).</summary>
/// <remarks>A pipe cannot be read back, so this sink cannot skip what a replayed batch wrote before: the detector writes a
/// batch and stores its position straight after, and stops only between batches, so only a kill between the two repeats
/// that batch's anomalies, with the same <c>_id</c>.</remarks>
public sealed class StdoutAnomalySink : IAnomalySink
{
    private readonly Stream _output;
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Creates the sink over <paramref name="output"/> (the process's standard output).</summary>
    /// <param name="output">The stream lines are written to.</param>
    public StdoutAnomalySink(Stream output) => _output = output;

    /// <inheritdoc />
    public async Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken)
    {
        if (anomalies.Count == 0)
        {
            return SinkWriteResult.Empty;
        }

        var text = new StringBuilder();
        var problems = new List<DeadLetters.DeadLetter>();
        var written = 0;
        foreach (var anomaly in anomalies)
        {
            var (_, line, problem) = AnomalyJsonLine.Of(sourceCollection, anomaly);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            text.Append(line).Append('\n');
            written++;
        }

        // One write per batch, whole lines only, so a reader never sees two detectors' lines interleaved.
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            await _output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), CancellationToken.None);
            await _output.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _writing.Release();
        }

        return new SinkWriteResult(written, 0, problems);
    }
}

using Lad.Grains.DeadLetters;
using Lad.Grains.Source;

namespace Lad.Grains.Detection;

/// <summary>Adds a batch's skipped and dead-lettered documents to a host's stored counts.</summary>
internal static class BatchOutcome
{
    /// <summary>Adds the counts to <paramref name="progress"/> and returns the batch's dead letters per reason.</summary>
    public static IReadOnlyDictionary<DeadLetterReason, int> Count(
        ProgressState progress, IReadOnlyDictionary<SkipReason, int> skipped, IReadOnlyList<DeadLetter> deadLetters)
    {
        foreach (var (reason, count) in skipped)
        {
            progress.Skipped[reason.ToString()] = progress.Skipped.GetValueOrDefault(reason.ToString()) + count;
        }

        var perReason = deadLetters.GroupBy(l => l.Reason).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (reason, count) in perReason)
        {
            var label = DeadLetterLabels.Of(reason);
            progress.DeadLetters[label] = progress.DeadLetters.GetValueOrDefault(label) + count;
        }

        return perReason;
    }
}

using Lad.Grains.Abstractions.Security;
using Orleans.Concurrency;

namespace Lad.Grains.Abstractions.Detection;

/// <summary>Learns one host's normal logs and flags its anomalous lines; keyed by <see cref="HostKey.ToGrainKey"/>.</summary>
[Alias("lad.IHostDetectorGrain")]
public interface IHostDetectorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the detector runs: trains when it has no stored model, then polls on its timer.
    /// Calling it on a running detector does nothing.</summary>
    [RequiresRole(LadRole.Admin)]
    Task StartAsync();

    /// <summary>The detector's current state and counters.</summary>
    /// <remarks>Answered between the steps of a running poll (it only reads), so a long batch or a MongoDB outage
    /// never makes a status request wait or time out.</remarks>
    [AlwaysInterleave]
    [RequiresRole(LadRole.Read)]
    Task<HostStatus> GetStatusAsync();

    /// <summary>What the current model learned: its most frequent templates (at most <paramref name="templates"/>, and
    /// as many template rates), with what it learned at each value place; null before the first training.</summary>
    /// <param name="templates">Most templates to list (at most 1,000).</param>
    [AlwaysInterleave]
    [RequiresRole(LadRole.Read)]
    Task<HostModelSummary?> GetModelSummaryAsync(int templates);

    /// <summary>Starts a retraining now (in the background; detection continues with the current model until it
    /// finishes). Does nothing when a training is already running; starts the detector when it was not running.</summary>
    [RequiresRole(LadRole.Admin)]
    Task RetrainAsync();

    /// <summary>Stops polling and any training, then lets the activation go; <see cref="StartAsync"/> resumes from the
    /// stored checkpoint.</summary>
    [RequiresRole(LadRole.Admin)]
    Task StopAsync();

    /// <summary>The template the current model puts <paramref name="message"/> in; null before the first training.</summary>
    /// <param name="message">A log line of this host.</param>
    [RequiresRole(LadRole.Read)]
    Task<string?> TemplateOfAsync(string message);

    /// <summary>The parameter values of <paramref name="message"/> that the current model counts as evidence, strongest
    /// first; empty for a model that does not judge values or a template training never saw; null before the first
    /// training.</summary>
    /// <param name="message">A log line of this host.</param>
    [RequiresRole(LadRole.Read)]
    Task<IReadOnlyList<ValueEvidence>?> UnusualValuesAsync(string message);

    /// <summary>Applies feedback at once: a standing false positive is not reported again at its scope (the line, or its
    /// template), or its value is no evidence (value scope), until it expires; an undone one is reported again from now on. True positives change nothing here.</summary>
    /// <param name="feedback">Stored feedback about one of this host's lines.</param>
    [RequiresRole(LadRole.Feedback)]
    Task ApplyFeedbackAsync(Feedback.FeedbackRecord feedback);
}

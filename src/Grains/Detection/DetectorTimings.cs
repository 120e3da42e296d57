using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Retry;
using MongoDB.Driver;

namespace Lad.Grains.Detection;

/// <summary>The schedule of every host detector in a silo.</summary>
/// <remarks>Defaults come from the configuration (<c>POLL_INTERVAL</c>, <c>RETRAIN_INTERVAL</c>); tests and
/// benchmarks shorten them below the configuration's whole seconds.</remarks>
public sealed class DetectorTimings
{
    /// <summary>Pause between polls of a host.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest pause between two scans of a collection's shared poll (one query for all its hosts); the scan
    /// runs at this or <see cref="PollInterval"/>, whichever is shorter.</summary>
    public TimeSpan CollectionPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back a collection's shared poll scans between two scans of the whole look-back (those run every
    /// <see cref="PollInterval"/>): behind the collection's newest id, or now if earlier. A document whose id is older
    /// than that when it is committed is found by the next whole scan instead.</summary>
    public TimeSpan RecentScanSpan { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether hosts of a MongoDB collection polled without change streams share one scan per collection (true)
    /// or each polls on its own timer (false: the earlier way, kept as the baseline <c>bench/PollBench</c> measures).</summary>
    public bool SharedPolling { get; set; } = true;

    /// <summary>Time between two reads of its own, from its stored position, of a host sharing its collection's poll
    /// with few others (see <see cref="Polling.SharedPollLink.OwnReadDue"/> and <see cref="OwnReadIntervalFor"/>).</summary>
    public TimeSpan OwnReadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most reads of their own per second that the hosts sharing one collection's poll make together, so hosts
    /// with nothing new cost MongoDB a bounded rate whatever their count (see <see cref="OwnReadIntervalFor"/>).</summary>
    public double OwnReadsPerSecond { get; set; } = 1;

    /// <summary>How often each of <paramref name="hosts"/> hosts sharing a poll reads for itself: every
    /// <see cref="OwnReadInterval"/>, or less often where that would exceed <see cref="OwnReadsPerSecond"/> together
    /// (10,000 hosts at 1 per second: every 10,000 s).</summary>
    /// <param name="hosts">The hosts watching the poll.</param>
    public TimeSpan OwnReadIntervalFor(int hosts)
    {
        var spread = TimeSpan.FromSeconds(hosts / OwnReadsPerSecond);
        return spread > OwnReadInterval ? spread : OwnReadInterval;
    }

    /// <summary>The pause between two scans of a collection's shared poll.</summary>
    public TimeSpan SharedPollInterval => CollectionPollInterval < PollInterval ? CollectionPollInterval : PollInterval;

    /// <summary>Age after which a model is retrained on the latest window.</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest first pause after a failure (MongoDB unreachable, training failed); doubles per further failure.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause after failures.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest a host's step (a read, its scoring and writes), a collection poll's scan or one MongoDB step of a
    /// source's incident grain may take; one that takes longer is abandoned and fails, to be retried like any other
    /// failure (see <see cref="Retry.StepDeadline"/>).
    /// Generous, because a step cut short is redone whole: it only has to end a wait for a reply that is never coming.</summary>
    public TimeSpan StepDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the silo's host starter compares the registered hosts with those it started, and starts the
    /// others (one whose start failed, or was asked of a silo that died before starting it).</summary>
    public TimeSpan HostStartPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest an operator's request (feedback, a source change, an anomaly or incident query) may wait on MongoDB;
    /// one that takes longer is abandoned and fails with a <see cref="LadStoreException"/>. The grains that answer requests
    /// take one at a time (or a few), so a reply that never came would otherwise hold every later request too. As long as
    /// a client waits for an answer by default.</summary>
    public TimeSpan RequestDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs an operator's request under <see cref="RequestDeadline"/> (see <see cref="Retry.StepDeadline"/>); a
    /// MongoDB failure, or no reply before the deadline, reaches the operator as a <see cref="LadStoreException"/> naming
    /// the server.</summary>
    /// <param name="mongo">Describes a MongoDB failure for the operator.</param>
    /// <param name="request">The request, given the token that its MongoDB calls must honour.</param>
    /// <exception cref="LadStoreException">MongoDB failed the request or did not answer it in time.</exception>
    public async Task<T> WithinRequestDeadlineAsync<T>(MongoReachability mongo, Func<CancellationToken, Task<T>> request)
    {
        try
        {
            return await Retry.StepDeadline.RunAsync(RequestDeadline, TimeProvider.System, CancellationToken.None, async token =>
            {
                try
                {
                    return await request(token);
                }
                catch (Exception e) when (e is MongoException || (e is TimeoutException && e.Source == "MongoDB.Driver"))
                {
                    // The driver's text of a server selection timeout (a TimeoutException of its own) holds the cluster's
                    // whole state, stack traces included: the operator reads the server and what failed.
                    throw new LadStoreException(mongo.Describe(e));
                }
            }, what: "request");
        }
        catch (StepDeadlineExceededException e)
        {
            // As a store failure, not a bare timeout: `lad` took a timeout for a cluster it could not reach, and the HTTP
            // API answered it with an empty 500; the request was fine and may succeed once MongoDB answers.
            throw new LadStoreException(mongo.Describe(e));
        }
    }

    /// <summary>Period of the reminder that re-activates a started host after its silo died (only where the silo
    /// has a reminder service, i.e. <c>CLUSTERING: mongo</c>).</summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most batches one timer tick handles before yielding, so a large backlog cannot hold the grain forever.</summary>
    public int MaxBatchesPerTick { get; set; } = 20;

    /// <summary>Draws a number in [0, 1] that places each pause between half its ceiling and its ceiling.</summary>
    public Func<double> JitterDraw { get; set; } = Random.Shared.NextDouble;

    /// <summary>The pause after <paramref name="consecutiveFailures"/> failures in a row (at least 1): between half and
    /// all of <see cref="BackoffInitial"/> doubled per further failure, capped at <see cref="BackoffMax"/>
    /// (<see cref="RetryBackoff"/>, which alert delivery waits by too).</summary>
    public TimeSpan Backoff(int consecutiveFailures) =>
        new RetryBackoff(BackoffInitial, BackoffMax) { Draw = JitterDraw }.After(Math.Max(consecutiveFailures, 1));

    /// <summary>Copies the configuration's schedule into <paramref name="timings"/>.</summary>
    public static void FromConfig(LadConfig config, DetectorTimings timings)
    {
        timings.PollInterval = config.PollInterval;
        timings.RetrainInterval = config.RetrainInterval;
    }
}

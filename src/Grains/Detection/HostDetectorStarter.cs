using System.Runtime.ExceptionServices;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Management;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Grains.Detection;

/// <summary>Once the silo has started, starts the detector of every host in the <see cref="ISourceRegistryGrain"/>
/// (seeded from <c>LOG_SOURCES</c> on first start) and the incident grain of every source, retrying until all started;
/// after that, starts the hosts a source gains at run time (<see cref="StartAdded"/>), and every
/// <see cref="DetectorTimings.HostStartPeriod"/> any registered host it has not started, so a host whose start failed,
/// or was asked of a silo that died before starting it, runs all the same, and a host removed by a silo that died before
/// stopping it stops; each such pass also wakes the incident grain of every source, and of every source with incidents
/// still open, so they resolve when quiet.
/// Each host is started by a call of its own, <see cref="StartsAtOnce"/> at a time: one call starting them all outlasted
/// a grain call's response timeout at 10,000 hosts (and kept the registry from answering anyone meanwhile), and
/// thousands at once would each wait for one of the MongoDB driver's pooled connections, every other query of the silo
/// queued behind them.</summary>
internal sealed partial class HostDetectorStarter(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    DetectorServices services,
    DaemonReadiness readiness,
    IOptions<DetectorTimings> timings,
    ILogger<HostDetectorStarter> logger) : IHostedService, IDisposable
{
    /// <summary>How many hosts are started at once.</summary>
    public const int StartsAtOnce = 50;

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    // Released by StartAdded: the next pass runs at once instead of at the end of the period.
    private readonly SemaphoreSlim _added = new(0);
    private readonly Lock _lock = new();
    // Hosts started (by grain key), so that a pass starts only the others; a removed host is forgotten, so that adding it
    // again starts it.
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private Task _running = Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStarted fires after every hosted service, the silo included, has started: grain calls work then.
        lifetime.ApplicationStarted.Register(() => _running = RunAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();
        _added.Dispose();
    }

    /// <summary>Starts, in the background, the hosts just added to the registry (those already running are left as they
    /// are): the registry's call returns once the source is stored, however many hosts it names.</summary>
    public void StartAdded() => _added.Release();

    /// <summary>Forgets that <paramref name="hosts"/> were started: the registry stopped them, and adding them again must
    /// start them again.</summary>
    /// <param name="hosts">The stopped hosts.</param>
    public void Forget(IEnumerable<HostKey> hosts)
    {
        lock (_lock)
        {
            _started.ExceptWith(hosts.Select(h => h.ToGrainKey()));
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAllAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            bool added;
            try
            {
                added = await _added.WaitAsync(timings.Value.HostStartPeriod, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var started = await StartHostsAsync(await SourceRegistry.Get(grains).ListAsync(), cancellationToken);
                if (started > 0)
                {
                    LogStartedLater(started, added ? "added to a source" : "not started before");
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Retried at the next pass; a host that started before the failure is not started twice.
                LogStartFailed(services.Mongo.DescribeWhileAnswering(e), e);
            }
        }
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        // The registry holds the run-time source set (seeded from LOG_SOURCES once), so the starter and `lad sources` agree.
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sources = await SourceRegistry.Get(grains).ListAsync();
                await StartHostsAsync(sources, cancellationToken);
                LogStarted(sources.Sum(s => s.Hostnames.Count));
                if (UnappliedLogSources.Describe(services.Config.Sources, sources) is { } unapplied)
                {
                    LogYamlNotApplied(unapplied);
                }

                readiness.DetectorsStarted();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A grain call that timed out says nothing of why: MongoDB being down is the usual cause, so ask it, and
                // blame it only if it does not answer.
                var problem = await services.Mongo.PingAsync(DaemonReadiness.PingTimeout, cancellationToken)
                              ?? services.Mongo.DescribeWhileAnswering(e);
                readiness.DetectorsNotStarted(problem);
                LogStartFailed(problem, e);
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // Stops the hosts it started that are no longer registered, starts the registered hosts not started yet and wakes the
    // sources' incident grains; returns how many hosts it started.
    private async Task<int> StartHostsAsync(IReadOnlyList<SourceDefinition> sources, CancellationToken cancellationToken)
    {
        List<string> pending;
        List<string> removed;
        lock (_lock)
        {
            var registered = sources.SelectMany(s => s.Hostnames.Select(h => new HostKey(s.Collection, h).ToGrainKey())).ToHashSet(StringComparer.Ordinal);
            // A host the registry no longer holds was removed (on whichever silo): once stopped here, it is forgotten, so
            // that should it come back, it is started again.
            removed = _started.Where(h => !registered.Contains(h)).ToList();
            pending = registered.Where(h => !_started.Contains(h)).ToList();
        }

        // The registry stores a removal before it stops the hosts; one whose silo stopped in between left them running.
        // Stopped here too (stopping a stopped host changes nothing), on the next pass of any silo that started them.
        var stopFailure = await CallEachAsync(removed, host => host.StopAsync(), _started.ExceptWith, cancellationToken);
        var startFailure = await CallEachAsync(pending, host => host.StartAsync(), _started.UnionWith, cancellationToken);

        // Every pass, not once per silo: the incidents of a source resolve only while its grain is active, and nothing
        // else wakes it but the source's next anomaly. Its silo may have died, or the source been removed before a
        // restart with incidents still open; woken, it resolves those gone quiet (and their alerts with them).
        var withOpenIncidents = await services.Incidents.SourcesWithUnresolvedAsync(cancellationToken);
        foreach (var collection in sources.Select(s => s.Collection).Concat(withOpenIncidents).Distinct(StringComparer.Ordinal))
        {
            await grains.GetGrain<ISourceIncidentsGrain>(collection).StartAsync();
        }

        if ((stopFailure ?? startFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return pending.Count;
    }

    // Calls every one of the hosts, StartsAtOnce at a time: one whose call fails must not keep the others from theirs.
    // Those whose call succeeded are recorded (under the lock) as each group ends; the first failure is returned.
    private async Task<Exception?> CallEachAsync(
        List<string> hosts, Func<IHostDetectorGrain, Task> call, Action<IEnumerable<string>> record, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        foreach (var chunk in hosts.Chunk(StartsAtOnce))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var calls = chunk.Select(h => (Host: h, Call: call(grains.GetGrain<IHostDetectorGrain>(h)))).ToList();
            await Task.WhenAll(calls.Select(c => c.Call)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            failure ??= calls.Select(c => c.Call.Exception?.GetBaseException()).FirstOrDefault(e => e is not null);
            lock (_lock)
            {
                record(calls.Where(c => c.Call.IsCompletedSuccessfully).Select(c => c.Host));
            }
        }

        return failure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} host detector(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} host detector(s) {Why}")]
    private partial void LogStartedLater(int count, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LOG_SOURCES differ from the stored sources, which replaced them at the first start, so this is not applied: {Differences}. See lad sources list; add hosts with lad sources add (a source's target or session key changes by removing and adding it), or drop MG_TARGET_DB.lad_sources to seed from the YAML again")]
    private partial void LogYamlNotApplied(string differences);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host detectors did not start: {Problem}; retrying")]
    private partial void LogStartFailed(string problem, Exception error);
}

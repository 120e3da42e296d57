using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Lad.Grains.Placement;
using Lad.Grains.Retry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;

namespace Lad.Grains.Polling;

/// <summary>One collection's shared poll: each interval one read of the documents of the recent span not yet told (every
/// <c>POLL_INTERVAL</c> instead an id scan of the whole look-back, then, only when there is something new, one read of
/// the new documents), handed to the hosts they belong to.</summary>
/// <remarks>Hosts keep every guarantee of their own: the handed documents go through the host's reading window and
/// stored position like those it reads itself, and a host that cannot trust a handover (a new activation of this
/// grain, its own failure, a backlog) reads for itself from its stored position. This grain's state is only whom it
/// told what; it lives in memory, and a new activation starts by telling every host of the source to read for itself.
/// Nothing is recorded as told until every host took its handover, so a failed scan or call is repeated whole.</remarks>
// Placed as hosts are, by its key (the collection): one silo of a cluster owns it, and the last silo's stop, which has
// nowhere to move it, leaves it be instead of failing to place it.
[HostOwnershipPlacement]
internal sealed partial class CollectionPollerGrain(
    DetectorServices services,
    IOptions<DetectorTimings> timings,
    TimeProvider time,
    StepDrain steps,
    ILogger<CollectionPollerGrain> logger) : Grain, ICollectionPollerGrain
{
    /// <summary>Most documents one scan reads to hand over; beyond it hosts read for themselves (a backlog).</summary>
    private const int MaxHandedPerScan = 20_000;

    private const int TellsAtOnce = 50;

    /// <summary>Most ids of the recent span a scan names as already told, so that it reads only the new documents; beyond
    /// it (a collection writing thousands of lines a second) the ids are scanned and the new documents read apart.</summary>
    private const int MaxExcludedPerScan = 20_000;

    private readonly Guid _epoch = Guid.NewGuid();
    private readonly HashSet<string> _hosts = new(StringComparer.Ordinal);
    private readonly DetectorTimings _timings = timings.Value;
    private string _collection = "";
    private CollectionReadPosition? _position;
    private IGrainTimer? _timer;
    private DateTime _nextFullScan = DateTime.MinValue;
    private bool _windowFullReported;
    private int _failures;
    private DateTime? _lastScan;
    private bool _foundNew;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _collection = this.GetPrimaryKeyString();
        return Task.CompletedTask;
    }

    public Task<PollWatch> WatchAsync(string hostname)
    {
        _hosts.Add(hostname);
        _timer ??= this.RegisterGrainTimer(ScanAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _timings.SharedPollInterval,
            Interleave = false,
            KeepAlive = true,
        });
        return Task.FromResult(new PollWatch(_epoch, _timings.OwnReadIntervalFor(_hosts.Count)));
    }

    public Task UnwatchAsync(string hostname)
    {
        _hosts.Remove(hostname);
        StopWhenNobodyWatches();
        return Task.CompletedTask;
    }

    // Its source removed (or its every host stopped), nobody is left to tell: the collection is no longer scanned for
    // nobody, each interval until the silo stops, and an activation woken only to be told a host left does not stay
    // either. A host that watches again wakes a new activation, whose first scan makes every host read for itself once,
    // as after any activation.
    private void StopWhenNobodyWatches()
    {
        if (_hosts.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
        }
    }

    public Task<DateTime?> LastScanAsync() => Task.FromResult(_lastScan);

    private async Task ScanAsync(CancellationToken timerToken)
    {
        // A silo stopping scans no more: a scan would hand documents to hosts being deactivated. Their next activations
        // read from their stored positions.
        if (steps.Enter() is not { } inFlight)
        {
            return;
        }

        using var counted = inFlight;
        var now = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        _foundNew = false;
        try
        {
            // Under a deadline: the timer does not interleave, so one read waiting for ever for a reply would keep the
            // collection's every host from being told anything, while each reads for itself only every few minutes.
            await StepDeadline.RunAsync(_timings.StepDeadline, time, timerToken, token => _position is null
                ? StartAsync(now, token)
                : HandOverNewAsync(_position, now, token));
            _failures = 0;
            _lastScan = time.GetUtcNow().UtcDateTime;
        }
        catch (Exception e) when (!timerToken.IsCancellationRequested)
        {
            // Nothing was recorded: the next scan finds the same documents and tells the same hosts.
            if (RepeatedFailures.Logged(++_failures))
            {
                LogScanFailed(_collection, _failures, services.Mongo.Describe(e), e);
            }

            // Each host then reads for itself, so it shows the failure in its status and retries on its own back-off
            // until a read of its own gets through; it is in step with the scans again after that.
            if (_failures == 1 && _hosts.Count > 0)
            {
                await TellAsync(_hosts.ToDictionary(h => h, _ => ReadForYourself), timerToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            }
        }
        finally
        {
            // A grain timer's period runs from the end of its callback, which added each scan's own time to the wait for
            // the next: while lines arrive, the next scan starts one interval after this one started, or at once after a
            // longer scan. A scan that found nothing keeps the timer's pause, so a quiet collection costs no more scans.
            var interval = _timings.SharedPollInterval;
            var rest = interval - time.GetElapsedTime(started);
            if (_foundNew)
            {
                _timer?.Change(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, interval);
            }
        }
    }

    // Between the previous activation's last scan and this one's first, documents of any age may have arrived: every
    // host of the source reads for itself once, from its stored position, and trusts this activation's handovers after.
    private async Task StartAsync(DateTime now, CancellationToken cancellationToken)
    {
        var position = new CollectionReadPosition(services.Config.PollLookback, now);
        var scan = await services.Scanner.IdsAboveAsync(_collection, position.Floor, cancellationToken);
        var prints = await services.Scanner.UnorderedFingerprintsAsync(_collection, cancellationToken);
        var source = await services.SourceOfAsync(_collection, cancellationToken);
        var everyone = source.Hostnames.Concat(_hosts).Distinct(StringComparer.Ordinal).ToList();
        await TellAsync(everyone.ToDictionary(h => h, _ => ReadForYourself), cancellationToken);
        Record(position, scan.Select(s => s.Id), now);
        position.RecordUnordered(prints);
        _nextFullScan = now + _timings.PollInterval;
        _position = position;
    }

    private async Task HandOverNewAsync(CollectionReadPosition position, DateTime now, CancellationToken cancellationToken)
    {
        // The whole look-back only every POLL_INTERVAL: each scan reads the ids above its floor with their hosts, so a
        // scan of the whole look-back each second cost MongoDB the collection's lines of the last 5 minutes per second.
        // A late id below the recent floor is found by the next whole scan, as a host's own poll found it before.
        var full = now >= _nextFullScan;
        var floor = full ? position.Floor : position.RecentFloor(_timings.RecentScanSpan, now);
        if (!full && await HandOverRecentAsync(position, floor, now, cancellationToken))
        {
            return;
        }

        var scan = await services.Scanner.IdsAboveAsync(_collection, floor, cancellationToken);
        var fresh = position.NewIds(scan).ToList();
        var byHost = position.NewIdsByHost(scan).Where(h => _hosts.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value);
        var handovers = await HandoversAsync(byHost, cancellationToken);

        // The new documents go out before the fingerprints are read: that read scans the collection, and the documents'
        // delay is the latency the poll exists to keep short. Should the read fail, the next scan tells the same hosts
        // the same documents again, which their reading windows take once.
        if (handovers.Count > 0)
        {
            await TellAsync(handovers, cancellationToken);
        }

        // Documents no id order places are rare: their fingerprints are read on the hosts' own schedule, not every scan.
        if (full)
        {
            var prints = await services.Scanner.UnorderedFingerprintsAsync(_collection, cancellationToken);
            var changed = position.ChangedUnordered(prints).Where(_hosts.Contains).ToDictionary(h => h, _ => ReadForYourself);
            if (changed.Count > 0)
            {
                await TellAsync(changed, cancellationToken);
            }

            position.RecordUnordered(prints);
            _nextFullScan = now + _timings.PollInterval;
        }

        Record(position, fresh, now);
        _foundNew = fresh.Count > 0;
    }

    // One query between two whole scans: the documents of the recent span not yet told, whole, where an id scan and a
    // read of the new ids took two (two waits for MongoDB before a line reaches its host). False when the span holds too
    // many told ids to name or too many new documents to hand over: the id scan then decides.
    private async Task<bool> HandOverRecentAsync(CollectionReadPosition position, ObjectId floor, DateTime now, CancellationToken cancellationToken)
    {
        var told = position.RecordedAbove(floor);
        if (told.Count > MaxExcludedPerScan)
        {
            return false;
        }

        var documents = await services.Scanner.DocumentsAboveAsync(_collection, floor, told, MaxHandedPerScan + 1, cancellationToken);
        if (documents.Count > MaxHandedPerScan)
        {
            return false;
        }

        var recent = RecentDocuments.From(documents, services.Shape.HostnameField, _hosts);
        if (recent.ByHost.Count > 0)
        {
            await TellAsync(recent.ByHost.ToDictionary(h => h.Key, h => new PollHandover(_epoch, h.Value, Complete: true)), cancellationToken);
        }

        Record(position, recent.Ids, now);
        _foundNew = recent.Ids.Count > 0;
        return true;
    }

    // The new documents of the watched hosts in one read; past the limit each host reads its own (it knows its backlog).
    private async Task<Dictionary<string, PollHandover>> HandoversAsync(
        Dictionary<string, List<ObjectId>> byHost, CancellationToken cancellationToken)
    {
        if (byHost.Values.Sum(ids => ids.Count) > MaxHandedPerScan)
        {
            return byHost.ToDictionary(h => h.Key, _ => ReadForYourself);
        }

        var hostOf = byHost.SelectMany(h => h.Value.Select(id => (id, host: h.Key))).ToDictionary(p => p.id, p => p.host);
        var documents = hostOf.Count == 0 ? [] : await services.Scanner.DocumentsAsync(_collection, hostOf.Keys, cancellationToken);
        var bytes = byHost.Keys.ToDictionary(h => h, _ => new List<byte[]>(), StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (hostOf.TryGetValue(document["_id"].AsObjectId, out var host))
            {
                bytes[host].Add(document.ToBson());
            }
        }

        // A host whose documents were all deleted between the two reads is told nothing.
        return bytes.Where(b => b.Value.Count > 0)
            .ToDictionary(b => b.Key, b => new PollHandover(_epoch, b.Value, Complete: true), StringComparer.Ordinal);
    }

    private PollHandover ReadForYourself => new(_epoch, [], Complete: false);

    private async Task TellAsync(IReadOnlyDictionary<string, PollHandover> handovers, CancellationToken cancellationToken)
    {
        // In bounded groups: telling every host of a source activates those that are not, and each reads its state.
        var answers = new List<(string Host, bool Running)>(handovers.Count);
        foreach (var chunk in handovers.Chunk(TellsAtOnce))
        {
            answers.AddRange(await Task.WhenAll(chunk.Select(async h =>
                (h.Key, await GrainFactory.GetGrain<IHostPollTarget>(new HostKey(_collection, h.Key).ToGrainKey())
                    .HandOverAsync(h.Value).WaitAsync(cancellationToken)))));
        }

        foreach (var (host, running) in answers)
        {
            if (running)
            {
                _hosts.Add(host);
            }
            else
            {
                _hosts.Remove(host);
            }
        }

        StopWhenNobodyWatches();
    }

    private void Record(CollectionReadPosition position, IEnumerable<ObjectId> ids, DateTime now)
    {
        if (position.Record(ids, now) && !_windowFullReported)
        {
            _windowFullReported = true;
            LogWindowFull(_collection, CollectionReadPosition.DefaultCapacity);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection {Collection}: shared poll failed {Failures} time(s) in a row ({Problem}); retrying every scan")]
    private partial void LogScanFailed(string collection, int failures, string problem, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection {Collection}: more than {Capacity} ids within the look-back; the shared poll's look-back is shorter than POLL_LOOKBACK")]
    private partial void LogWindowFull(string collection, int capacity);
}

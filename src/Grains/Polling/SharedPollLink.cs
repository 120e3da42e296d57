namespace Lad.Grains.Polling;

/// <summary>A host's side of its collection's shared poll: which poll activation it is in step with, whether it must
/// read for itself next, and the documents handed to it and not yet handled.</summary>
/// <remarks>In step means: since the host's last complete read of its own, every scan of that activation has reached
/// it, so what it was handed is all it has new. A new activation (its predecessor may have missed documents), a
/// handover saying "read for yourself", or a failure of the host breaks step until its next complete read that started
/// after it: handovers are taken while the host reads (they interleave), and a read whose query ran before the documents
/// the poll asked about were written does not answer that request.</remarks>
internal sealed class SharedPollLink
{
    private List<byte[]> _documents = [];
    private Guid? _inStepWith;
    private bool _readItself = true;
    private long _requests;
    private bool _handlingQueued;

    /// <summary>The poll activation last heard from, or null before the host watched one.</summary>
    public Guid? Epoch { get; private set; }

    /// <summary>Whether the host told the shared poll it is running (in this activation).</summary>
    public bool Watching { get; private set; }

    /// <summary>Whether the host's next step reads from its stored position rather than handling handovers.</summary>
    public bool MustReadItself => _readItself || Epoch is null || _inStepWith != Epoch;

    /// <summary>Whether documents were handed over, or a handling call queued, that no handling has taken yet.</summary>
    public bool HasWaiting => _handlingQueued || _documents.Count > 0;

    /// <summary>When the host last finished a read of its own, or null before its first.</summary>
    public DateTime? LastOwnRead { get; private set; }

    /// <summary>
    /// Whether <paramref name="every"/> has passed since the host's last read of its own. The shared poll looks back from
    /// the collection's newest id, a host's own read from the host's position: a document whose id lags the collection
    /// by more than the look-back (a writer with a slow clock) reaches its host only by a read of its own, so one comes
    /// at least this often.
    /// </summary>
    /// <param name="now">The time now (UTC).</param>
    /// <param name="every">The longest time between two reads of the host's own.</param>
    public bool OwnReadDue(DateTime now, TimeSpan every) => LastOwnRead is not { } last || now - last >= every;

    /// <summary>Records the poll activation that took the host's watch.</summary>
    /// <param name="epoch">Its epoch.</param>
    public void Watched(Guid epoch)
    {
        Watching = true;
        Epoch = epoch;
    }

    /// <summary>Takes a handover; true when a handling call must be queued (none is yet).</summary>
    /// <param name="handover">What the poll found.</param>
    public bool Take(PollHandover handover)
    {
        Epoch = handover.Epoch;
        if (handover.Complete)
        {
            _documents.AddRange(handover.Documents);
        }
        else
        {
            AskToReadItself();
        }

        if (_handlingQueued)
        {
            return false;
        }

        _handlingQueued = true;
        return true;
    }

    /// <summary>The documents handed over since the last call (the queued handling call starts).</summary>
    public IReadOnlyList<byte[]> TakeDocuments()
    {
        _handlingQueued = false;
        var documents = _documents;
        _documents = [];
        return documents;
    }

    /// <summary>The next step reads from the stored position (what was handed is read from the store then).</summary>
    public void ReadItselfNext()
    {
        AskToReadItself();
        _documents = [];
    }

    /// <summary>Marks the start of a read of the host's own.</summary>
    /// <returns>What the read answers, for <see cref="ReadItself"/>.</returns>
    public OwnReadStart StartOwnRead() => new(Epoch, _requests);

    /// <summary>Records a read of the host's own.</summary>
    /// <param name="drained">Whether nothing more was waiting.</param>
    /// <param name="start">What the host knew when the read started (<see cref="StartOwnRead"/>): only the scans of that
    /// poll activation since are known to have reached the host, and a request to read for itself that came during the
    /// read is still to be answered.</param>
    /// <param name="at">When the read started (UTC).</param>
    public void ReadItself(bool drained, OwnReadStart start, DateTime at)
    {
        LastOwnRead = at;
        if (!drained || start.Requests != _requests)
        {
            _readItself = true;
            return;
        }

        _readItself = false;
        _inStepWith = start.Epoch;
    }

    private void AskToReadItself()
    {
        _readItself = true;
        _requests++;
    }
}

using Lad.Grains.Storage;
using Orleans.Storage;

namespace Lad.Grains.Detection;

/// <summary>A grain's persistent state that, when the stored record is corrupt, starts over empty instead of failing
/// the grain's activation (and with it every call to the grain) on each attempt.</summary>
/// <remarks>Orleans' own <c>[PersistentState]</c> reads during activation, before the grain can react, so a record that
/// can never be read would keep the grain from ever activating. This one is read by the grain in
/// <c>OnActivateAsync</c>; after a corrupt read it holds a fresh state and the corrupt record's ETag, so the next write
/// replaces the record.</remarks>
/// <typeparam name="T">The state type.</typeparam>
internal sealed class RecoverableState<T> : IPersistentState<T>
    where T : new()
{
    private readonly IGrainStorage _storage;
    private readonly string _name;
    private readonly GrainId _grainId;
    private readonly GrainState<T> _state = new(new T());

    public RecoverableState(IGrainStorage storage, string name, GrainId grainId)
    {
        _storage = storage;
        _name = name;
        _grainId = grainId;
    }

    public T State
    {
        get => _state.State!;
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;

    public bool RecordExists => _state.RecordExists;

    /// <summary>What was wrong with the stored record the last read replaced by a fresh state; null when it read well.</summary>
    public string? Unreadable { get; private set; }

    public Task ClearStateAsync() => ClearStateAsync(CancellationToken.None);

    public Task ClearStateAsync(CancellationToken cancellationToken) => _storage.ClearStateAsync(_name, _grainId, _state, cancellationToken);

    public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);

    public Task WriteStateAsync(CancellationToken cancellationToken) => _storage.WriteStateAsync(_name, _grainId, _state, cancellationToken);

    public Task ReadStateAsync() => ReadStateAsync(CancellationToken.None);

    public async Task ReadStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _storage.ReadStateAsync(_name, _grainId, _state, cancellationToken);
            Unreadable = null;
        }
        catch (CorruptGrainStateException e)
        {
            _state.State = new T();
            _state.ETag = e.StoredETag;
            _state.RecordExists = true;
            Unreadable = e.Problem;
        }
    }
}

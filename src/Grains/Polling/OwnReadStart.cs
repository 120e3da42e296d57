namespace Lad.Grains.Polling;

/// <summary>What a host knew of its shared poll when a read of its own started: only what it had heard by then is
/// answered by that read.</summary>
/// <param name="Epoch">The poll activation known (null before the host watched one).</param>
/// <param name="Requests">How many times the host had been asked to read for itself.</param>
internal readonly record struct OwnReadStart(Guid? Epoch, long Requests);

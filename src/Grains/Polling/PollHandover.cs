namespace Lad.Grains.Polling;

/// <summary>What a collection's shared poll tells one host.</summary>
/// <param name="Epoch">The poller activation that scanned: a host trusts handovers only from the activation it has
/// been in step with since its own last complete read (another one may have left a gap).</param>
/// <param name="Documents">The host's new documents (BSON, ascending <c>_id</c>), when <paramref name="Complete"/>.</param>
/// <param name="Complete">True when <paramref name="Documents"/> are all the host has new above the scan's floor;
/// false when the host must read for itself (the poll's first scan, too many documents to fetch, documents no id
/// order places).</param>
[GenerateSerializer, Immutable]
public sealed record PollHandover(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] IReadOnlyList<byte[]> Documents,
    [property: Id(2)] bool Complete);

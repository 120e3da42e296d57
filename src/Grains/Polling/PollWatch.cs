namespace Lad.Grains.Polling;

/// <summary>A collection's shared poll's answer to a host that watches it.</summary>
/// <param name="Epoch">The poll's activation (see <see cref="PollHandover.Epoch"/>).</param>
/// <param name="OwnReadInterval">How often the host reads for itself while in step with the poll: the poll's hosts
/// together make a bounded number of such reads per second, whatever their count
/// (<see cref="Detection.DetectorTimings.OwnReadIntervalFor"/>).</param>
[GenerateSerializer, Immutable, Alias("lad.PollWatch")]
public sealed record PollWatch([property: Id(0)] Guid Epoch, [property: Id(1)] TimeSpan OwnReadInterval);

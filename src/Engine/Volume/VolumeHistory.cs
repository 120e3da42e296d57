namespace Lad.Engine.Volume;

/// <summary>What a host's history covered, as a whole.</summary>
/// <param name="Span">From its first line to its last.</param>
/// <param name="Intervals">How many intervals that span holds.</param>
/// <param name="Slots">How rates are split by time of day and week.</param>
/// <param name="LongestGap">The longest time between two consecutive lines.</param>
/// <param name="MaxNewPerInterval">The most never-seen-before templates in one interval of history's second half
/// (replayed in time order): how many newcomers this host's normal traffic brings.</param>
public sealed record VolumeHistory(TimeSpan Span, int Intervals, RateSlots Slots, TimeSpan LongestGap, int MaxNewPerInterval);

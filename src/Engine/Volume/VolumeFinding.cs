namespace Lad.Engine.Volume;

/// <summary>One volume anomaly: what changed, over which interval, with the figures that make it one.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="IntervalStart">The start of the interval it was found in (UTC); for <see cref="VolumeFindingKind.Silent"/>,
/// the time of the host's last line.</param>
/// <param name="Template">The template concerned (variables as <c>&lt;*&gt;</c>); null for the host as a whole.</param>
/// <param name="Observed">The figure seen: lines of the template in the interval, intervals absent, seconds silent, or
/// new templates.</param>
/// <param name="Usual">The most history showed of the same figure (at that hour of day where history covers it).</param>
/// <param name="Reason">The finding in words, with its figures.</param>
public sealed record VolumeFinding(
    VolumeFindingKind Kind, DateTime IntervalStart, string? Template, double Observed, double Usual, string Reason);

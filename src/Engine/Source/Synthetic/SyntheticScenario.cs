namespace Lad.Engine.Source.Synthetic;

/// <summary>One timed scenario the generator planted: what, on which hosts, over what time.</summary>
/// <param name="Kind">What was planted.</param>
/// <param name="Hosts">The hosts it concerns.</param>
/// <param name="From">When it starts (UTC).</param>
/// <param name="To">When it ends (UTC).</param>
public sealed record SyntheticScenario(SyntheticScenarioKind Kind, IReadOnlyList<string> Hosts, DateTimeOffset From, DateTimeOffset To);

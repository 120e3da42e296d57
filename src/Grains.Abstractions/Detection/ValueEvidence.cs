namespace Lad.Grains.Abstractions.Detection;

/// <summary>A parameter value that is evidence against a line on its host's current model.</summary>
/// <param name="Template">The training template the line matched.</param>
/// <param name="Parameter">The template parameter holding the value, from 1.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Reason">The reason a verdict gives for it.</param>
[GenerateSerializer, Immutable]
public sealed record ValueEvidence(
    [property: Id(0)] string Template,
    [property: Id(1)] int Parameter,
    [property: Id(2)] string Value,
    [property: Id(3)] string Reason);

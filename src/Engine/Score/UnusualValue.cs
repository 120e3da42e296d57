namespace Lad.Engine.Score;

/// <summary>A parameter value of a line that is evidence on its own: one that training never saw there, or saw only
/// far from it.</summary>
/// <param name="Template">The training template the line matched.</param>
/// <param name="Parameter">The template parameter holding the value, from 1 (as reasons name it).</param>
/// <param name="Value">The value as written (one piece of the parameter, with its unit when it has one).</param>
/// <param name="Surprise">How strong the evidence is, in [0, 1].</param>
/// <param name="Reason">The reason a verdict gives for it, with its figures.</param>
public sealed record UnusualValue(string Template, int Parameter, string Value, double Surprise, string Reason);

namespace Lad.Engine.Volume;

/// <summary>What history showed of one template's rate.</summary>
/// <param name="Template">The template text.</param>
/// <param name="MaxPerInterval">The most lines of it in any one interval.</param>
/// <param name="MaxPerSlot">The most lines of it in one interval, per time slot (empty when slots are not used).</param>
/// <param name="PresentShare">The share of history's intervals holding it at least once.</param>
public sealed record TemplateRate(string Template, int MaxPerInterval, IReadOnlyList<int> MaxPerSlot, double PresentShare);

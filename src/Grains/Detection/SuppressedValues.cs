using Lad.Engine.Score;

namespace Lad.Grains.Detection;

/// <summary>A host's value-scope false positives as the model's stream asks for them, judged at the time of each line,
/// so feedback given, expired or undone acts from the next line on.</summary>
internal sealed class SuppressedValues(Suppressions suppressions, TimeProvider time) : IAcceptedValues
{
    public bool Accepts(string template, int parameter, string value) =>
        suppressions.AcceptsValue(template, parameter, value, time.GetUtcNow().UtcDateTime);
}

namespace Lad.Engine.Source.Synthetic;

/// <summary>A message shape a program writes: <c>{field}</c> placeholders are filled by <see cref="FieldSampler"/>.</summary>
/// <param name="Level">The severity it is normally written at.</param>
/// <param name="Format">The text with placeholders.</param>
/// <param name="Weight">Relative frequency within the host's mix (small weights make rare but normal messages).</param>
internal sealed record MessageTemplate(string Level, string Format, double Weight)
{
    /// <summary>The first placeholder that has abnormal values, or null when no field can be made abnormal.</summary>
    public string? AbnormalField => FieldSampler.FieldsOf(Format).FirstOrDefault(FieldSampler.HasAbnormalValues);
}

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>The value type a scalar configuration setting accepts.</summary>
public enum SettingKind
{
    /// <summary>Free text; YAML null or an absent key keeps the default.</summary>
    Text,

    /// <summary>A whole number (64-bit).</summary>
    Integer,

    /// <summary>A floating-point number (invariant culture, dot as decimal separator).</summary>
    Number,

    /// <summary>true/false, yes/no, on/off or 1/0 (as the seed project accepted).</summary>
    Boolean,
}

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>One scalar key LAD accepts in its YAML file and as <c>LAD_&lt;Name&gt;</c> environment variable.</summary>
/// <param name="Name">The key exactly as written in YAML (upper case, underscores).</param>
/// <param name="Kind">The value type.</param>
/// <param name="Default">The value used when neither YAML nor environment sets the key; null for "unset".</param>
/// <param name="FromSeed">True for keys inherited from the seed project's configuration, kept so its files load verbatim.</param>
/// <param name="Secret">True when the value (or part of it) is a credential that must not be logged.</param>
/// <param name="Unused">Why LAD accepts the key but does not act on it, or null when it does; a file that sets such a key
/// gets one warning line per key at start.</param>
public sealed record SettingDefinition(
    string Name, SettingKind Kind, object? Default, bool FromSeed = false, bool Secret = false, string? Unused = null)
{
    /// <summary>The environment variable that overrides this key.</summary>
    public string EnvironmentVariable => LadConfigLoader.EnvironmentPrefix + Name;
}

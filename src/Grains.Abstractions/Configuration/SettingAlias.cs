namespace Lad.Grains.Abstractions.Configuration;

/// <summary>A key of the seed fork's last configuration that names the same thing as one of LAD's settings.</summary>
/// <param name="Name">The fork's key, e.g. <c>MESSAGE_INDEX</c>.</param>
/// <param name="Target">The LAD setting it sets, e.g. <c>MG_MESSAGE_FIELD</c>.</param>
public sealed record SettingAlias(string Name, string Target)
{
    /// <summary>The fork's keys LAD reads as its own settings.</summary>
    public static IReadOnlyList<SettingAlias> All { get; } =
    [
        new("MESSAGE_INDEX", "MG_MESSAGE_FIELD"),
        new("HOSTNAME_INDEX", "MG_HOSTNAME_FIELD"),
        new("DATETIME_INDEX", "MG_TIME_FIELD"),
        new("MG_DB", "MG_INPUT_DB"),
        new("MG_COLLECTION", "MG_INPUT_COL"),
        new("MG_VERIFY_CERT", "MG_VERIFY_CERTS"),
        new("MG_CACERT_DIR", "MG_CA_CERT"),
    ];

    private static readonly Dictionary<string, SettingAlias> ByName = All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>Finds an alias by its exact YAML name.</summary>
    /// <param name="name">The key.</param>
    /// <param name="alias">The alias when found.</param>
    /// <returns>True when <paramref name="name"/> is one of the fork's alias keys.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SettingAlias? alias) =>
        ByName.TryGetValue(name, out alias);

    /// <summary>The environment variable that sets the alias.</summary>
    public string EnvironmentVariable => LadConfigLoader.EnvironmentPrefix + Name;
}

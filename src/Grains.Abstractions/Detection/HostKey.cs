namespace Lad.Grains.Abstractions.Detection;

/// <summary>Identifies one modelled host: an input collection and a host name in it.</summary>
/// <remarks>The grain key is both parts percent-encoded and joined by <c>/</c>, so any collection or host name
/// (including ones holding <c>/</c> or <c>%</c>) maps to exactly one key and back.</remarks>
/// <param name="Collection">The input collection in <c>MG_INPUT_DB</c>.</param>
/// <param name="Hostname">The host name.</param>
[GenerateSerializer, Immutable]
public readonly record struct HostKey(string Collection, string Hostname)
{
    /// <summary>The grain key of this host.</summary>
    public string ToGrainKey() => $"{Uri.EscapeDataString(Collection)}/{Uri.EscapeDataString(Hostname)}";

    /// <summary>Reads a key made by <see cref="ToGrainKey"/>.</summary>
    /// <param name="grainKey">The grain key.</param>
    /// <exception cref="FormatException">The key was not made by <see cref="ToGrainKey"/>.</exception>
    public static HostKey Parse(string grainKey)
    {
        var parts = grainKey.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"'{grainKey}' is not a host key: expected <collection>/<hostname>, each percent-encoded");
        }

        return new HostKey(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Collection}/{Hostname}";
}

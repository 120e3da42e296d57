namespace Lad.Grains.Abstractions.Configuration;

/// <summary>One problem found in a configuration, naming the key it concerns.</summary>
/// <param name="Key">The YAML key (or environment variable, or <c>LOG_SOURCES.&lt;name&gt;.&lt;key&gt;</c>) at fault.</param>
/// <param name="Message">What is wrong, in words a person can act on.</param>
/// <param name="Line">The 1-based YAML line, when the problem sits in the file.</param>
public sealed record ConfigError(string Key, string Message, int? Line = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"line {line}: {Key}: {Message}" : $"{Key}: {Message}";
}

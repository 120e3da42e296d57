namespace Lad.Engine.Source;

/// <summary>Chooses a <see cref="ILineFormat"/> from command-line style names.</summary>
public static class LineFormats
{
    /// <summary>The built-in format names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bgl", "hdfs", "plain"];

    /// <summary>
    /// Returns the format for <paramref name="name"/>, or the custom regex format when
    /// <paramref name="messageRegex"/> is given (which then takes precedence over the name).
    /// </summary>
    public static ILineFormat Create(string name, string? messageRegex = null)
    {
        if (!string.IsNullOrEmpty(messageRegex))
        {
            return new RegexLineFormat(messageRegex);
        }

        return name.ToLowerInvariant() switch
        {
            "bgl" => new BglLineFormat(),
            "hdfs" => new HdfsLineFormat(),
            "plain" => new PlainLineFormat(),
            _ => throw new ArgumentException(
                $"--format '{name}' is unknown; use one of {string.Join(", ", Names)} or give --message-regex"),
        };
    }
}

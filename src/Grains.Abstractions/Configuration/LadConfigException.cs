namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Thrown when a configuration cannot be used; lists every problem found, not just the first.</summary>
public sealed class LadConfigException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="origin">Where the configuration came from (file path or a description).</param>
    /// <param name="errors">All problems; at least one.</param>
    public LadConfigException(string origin, IReadOnlyList<ConfigError> errors)
        : base(Describe(origin, errors)) => Errors = errors;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(string origin, IReadOnlyList<ConfigError> errors) =>
        $"Configuration {origin} has {errors.Count} problem(s):{Environment.NewLine}" +
        string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
}

using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Alerts;

/// <summary>Reads a receiver's <c>Authorization</c> header value from a file, so credentials never sit in the YAML.</summary>
/// <remarks>The file holds one line: a scheme and its credentials, e.g. <c>Bearer 3f9a...</c> or <c>Basic dXNlcjpwYXNz</c>
/// (base64 of <c>user:password</c>).</remarks>
public static class AuthorizationFile
{
    /// <summary>The header value in <paramref name="path"/>; null when no file is named.</summary>
    /// <param name="key">The setting naming the file, for errors.</param>
    /// <param name="path">The file, or null.</param>
    /// <exception cref="LadConfigException">The file cannot be read, is empty, or is not <c>scheme credentials</c> on one line.</exception>
    public static string? Read(string key, string? path)
    {
        if (path is null)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(key, $"cannot read {path}: {e.Message}");
        }

        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (text.Contains('\n', StringComparison.Ordinal) || parts.Length != 2 || parts[0].Any(c => !char.IsAsciiLetter(c)))
        {
            throw Problem(key, $"{path} must hold one line, a scheme and its credentials (\"Bearer <token>\" or \"Basic <base64 of user:password>\")");
        }

        return $"{parts[0]} {parts[1]}";
    }

    private static LadConfigException Problem(string key, string message) => new(key, [new ConfigError(key, message)]);
}

namespace Lad.Integration.Tests.Security;

/// <summary>Three tokens, one per role, and the AUTH_TOKENS_FILE holding them (owner-only, as the silo demands).</summary>
internal static class TestTokens
{
    public const string Reader = "read-token-0123456789";
    public const string Feedback = "feedback-token-0123456789";
    public const string Admin = "admin-token-0123456789";

    public const string Text = $"""
        # role name token
        read     grafana {Reader}
        feedback oncall  {Feedback}
        admin    ops     {Admin}
        """;

    /// <summary>Writes the file (mode 600) and returns its path; the caller deletes it.</summary>
    public static string WriteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lad-tokens-{Guid.NewGuid():N}");
        File.WriteAllText(path, Text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}

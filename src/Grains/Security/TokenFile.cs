using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;

namespace Lad.Grains.Security;

/// <summary>Reads <c>AUTH_TOKENS_FILE</c>: one token per line as <c>role name token</c> (role <c>read</c>,
/// <c>feedback</c> or <c>admin</c>), blank lines and lines starting with <c>#</c> ignored.</summary>
/// <remarks>The file holds secrets, so one other users can read is refused rather than warned about: a warning in a
/// log nobody reads would leave every token readable by every account on the machine.</remarks>
public static class TokenFile
{
    /// <summary>Tokens shorter than this are refused: a guessable token protects nothing.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The tokens of <c>AUTH_TOKENS_FILE</c>, or <see cref="ApiTokenSet.Open"/> when it is unset.</summary>
    /// <exception cref="LadConfigException">The file cannot be read, others may read it, or a line is bad.</exception>
    public static ApiTokenSet Load(LadConfig config) =>
        config.AuthTokensFile is { } path ? LoadFile(path) : ApiTokenSet.Open;

    /// <summary>Reads and checks one token file.</summary>
    /// <exception cref="LadConfigException">The file cannot be read, others may read it, or a line is bad.</exception>
    public static ApiTokenSet LoadFile(string path)
    {
        var origin = $"AUTH_TOKENS_FILE {path}";
        string text;
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw Problem(origin, "the file is readable or writable by other users; chmod 600 (or 640 with a trusted group) it");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(origin, $"cannot read the file ({e.Message})");
        }

        return Parse(text, origin);
    }

    /// <summary>Parses the file's text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="origin">Names the file in errors.</param>
    /// <exception cref="LadConfigException">A bad line (each one listed), or no token at all.</exception>
    public static ApiTokenSet Parse(string text, string origin)
    {
        var errors = new List<ConfigError>();
        var tokens = new List<ApiToken>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                errors.Add(new ConfigError("token", $"expected 'role name token', got {fields.Length} field(s)", i + 1));
                continue;
            }

            var (roleText, name, token) = (fields[0], fields[1], fields[2]);
            if (!TryRole(roleText, out var role))
            {
                errors.Add(new ConfigError("role", $"'{roleText}' is not read, feedback or admin", i + 1));
            }
            else if (token.Length < MinimumTokenLength)
            {
                errors.Add(new ConfigError("token", $"the token of '{name}' is shorter than {MinimumTokenLength} characters", i + 1));
            }
            else if (tokens.Any(t => t.Name == name))
            {
                errors.Add(new ConfigError("name", $"'{name}' names two tokens; names must be unique (they are what the logs show)", i + 1));
            }
            else
            {
                var hash = ApiTokenSet.Hash(token);
                if (tokens.FirstOrDefault(t => t.Hash.AsSpan().SequenceEqual(hash)) is { } twin)
                {
                    errors.Add(new ConfigError("token", $"'{name}' has the same token as '{twin.Name}'", i + 1));
                }
                else
                {
                    tokens.Add(new ApiToken(name, role, hash));
                }
            }
        }

        if (errors.Count == 0 && tokens.Count == 0)
        {
            errors.Add(new ConfigError("token", "the file holds no token; unset AUTH_TOKENS_FILE to run without tokens"));
        }

        return errors.Count > 0 ? throw new LadConfigException(origin, errors) : new ApiTokenSet(tokens);
    }

    /// <summary>Reads a role's name as written in the file.</summary>
    public static bool TryRole(string text, out LadRole role)
    {
        (var ok, role) = text switch
        {
            "read" => (true, LadRole.Read),
            "feedback" => (true, LadRole.Feedback),
            "admin" => (true, LadRole.Admin),
            _ => (false, default),
        };
        return ok;
    }

    private static LadConfigException Problem(string origin, string message) =>
        new(origin, [new ConfigError("AUTH_TOKENS_FILE", message)]);
}

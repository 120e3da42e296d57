using System.Security.Cryptography;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Security;

/// <summary>Re-reads <c>AUTH_TOKENS_FILE</c> into a running silo's tokens when its content changed. A file that cannot be
/// used (unreadable, readable by others, a bad line, no token) is reported and the tokens in use are kept: a botched
/// rotation neither opens the control plane nor locks every operator out.</summary>
public sealed class TokenFileReload
{
    private readonly string _path;
    private readonly ApiTokenSet _tokens;

    /// <summary>The hash of the content last acted on (loaded, or refused); null when the file could not be read.</summary>
    private byte[]? _seen;

    /// <summary>Watches <paramref name="path"/>, whose current content <paramref name="tokens"/> was loaded from.</summary>
    public TokenFileReload(string path, ApiTokenSet tokens)
    {
        _path = path;
        _tokens = tokens;
        _seen = Fingerprint();
    }

    /// <summary>Reloads the tokens if the file changed since it was last read.</summary>
    /// <returns>Null when the file is as it was last time; else what the change did.</returns>
    public TokenReloadOutcome? Check()
    {
        var fingerprint = Fingerprint();
        if (fingerprint is null ? _seen is null : _seen is not null && fingerprint.AsSpan().SequenceEqual(_seen))
        {
            return null;
        }

        _seen = fingerprint;
        try
        {
            var set = TokenFile.LoadFile(_path);
            _tokens.Replace(set.Tokens);
            return new TokenReloadOutcome(set.Tokens.Select(t => t.Name).ToList(), null);
        }
        catch (LadConfigException e)
        {
            return new TokenReloadOutcome(_tokens.Tokens.Select(t => t.Name).ToList(), e.Message);
        }
    }

    // The content's hash, not its time: a Kubernetes Secret is updated by swapping a symlink, which keeps old times.
    private byte[]? Fingerprint()
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(_path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Lad.Grains.Security;

/// <summary>The tokens allowed to use the control plane. An empty set means none were configured: the control plane
/// is open (and the HTTP API listens on loopback only).</summary>
public sealed class ApiTokenSet
{
    private readonly IReadOnlyList<ApiToken> _tokens;

    /// <summary>Creates the set.</summary>
    /// <param name="tokens">The issued tokens; names are unique.</param>
    public ApiTokenSet(IReadOnlyList<ApiToken> tokens)
    {
        _tokens = tokens;
        // With no tokens there is no shared secret to derive from; a random proof still keeps clients from passing as
        // this silo (which matters for the audit trail), though silos of an open cluster then see each other as clients.
        SiloProof = tokens.Count == 0 ? RandomNumberGenerator.GetBytes(32) : DeriveSiloProof(tokens);
    }

    /// <summary>No tokens: the control plane is open.</summary>
    public static ApiTokenSet Open { get; } = new([]);

    /// <summary>True when no token is configured.</summary>
    public bool IsOpen => _tokens.Count == 0;

    /// <summary>The issued tokens.</summary>
    public IReadOnlyList<ApiToken> Tokens => _tokens;

    /// <summary>A secret every silo reading the same tokens derives alike, and no token holder can compute (it hashes
    /// every token's hash): silos put it on their own grain calls so those are told apart from clients' calls.</summary>
    public byte[] SiloProof { get; }

    /// <summary>The token whose text is <paramref name="presented"/>, or null.</summary>
    /// <remarks>Every stored hash is compared in constant time, so the answer time tells nothing about which token
    /// (or how much of one) matched.</remarks>
    public ApiToken? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var hash = Hash(presented);
        ApiToken? found = null;
        foreach (var token in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash))
            {
                found = token;
            }
        }

        return found;
    }

    /// <summary>SHA-256 of a token's UTF-8 text.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static byte[] DeriveSiloProof(IReadOnlyList<ApiToken> tokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("lad-silo-proof/1"u8);
        foreach (var token in tokens.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            hash.AppendData(token.Hash);
        }

        return hash.GetHashAndReset();
    }
}

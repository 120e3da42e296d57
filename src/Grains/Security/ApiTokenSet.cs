using System.Security.Cryptography;
using System.Text;

namespace Lad.Grains.Security;

/// <summary>The tokens allowed to use the control plane. An empty set means none were configured: the control plane
/// is open (and the HTTP API listens on loopback only).</summary>
public sealed class ApiTokenSet
{
    // Swapped whole when the token file changes, so a reader sees one file's tokens and proof, never a mix.
    private volatile Generation _current;

    /// <summary>Creates the set.</summary>
    /// <param name="tokens">The issued tokens; names are unique.</param>
    public ApiTokenSet(IReadOnlyList<ApiToken> tokens)
    {
        IsOpen = tokens.Count == 0;
        // With no tokens there is no shared secret to derive from; a random proof still keeps clients from passing as
        // this silo (which matters for the audit trail), though silos of an open cluster then see each other as clients.
        var proof = IsOpen ? RandomNumberGenerator.GetBytes(32) : DeriveSiloProof(tokens);
        _current = new Generation(tokens, proof, null);
    }

    /// <summary>No tokens: the control plane is open.</summary>
    public static ApiTokenSet Open { get; } = new([]);

    /// <summary>True when no token is configured; a set with tokens stays closed whatever it is replaced with.</summary>
    public bool IsOpen { get; }

    /// <summary>The issued tokens.</summary>
    public IReadOnlyList<ApiToken> Tokens => _current.Tokens;

    /// <summary>A secret every silo reading the same tokens derives alike, and no token holder can compute (it hashes
    /// every token's hash): silos put it on their own grain calls so those are told apart from clients' calls.</summary>
    public byte[] SiloProof => _current.Proof;

    /// <summary>Whether <paramref name="proof"/> is this set's silo proof, or the one before the last
    /// <see cref="Replace"/>: silos of a cluster re-read a changed token file seconds apart, and their calls to each other
    /// must not be taken for clients' meanwhile.</summary>
    public bool IsSiloProof(ReadOnlySpan<byte> proof)
    {
        var current = _current;
        return CryptographicOperations.FixedTimeEquals(proof, current.Proof)
            | (current.PreviousProof is { } previous && CryptographicOperations.FixedTimeEquals(proof, previous));
    }

    /// <summary>Replaces the tokens (the token file changed): added tokens work and removed ones are refused from the next
    /// request on.</summary>
    /// <param name="tokens">The new tokens; names are unique.</param>
    /// <exception cref="InvalidOperationException">The set is open, or <paramref name="tokens"/> is empty: a running
    /// silo neither opens nor closes its control plane.</exception>
    public void Replace(IReadOnlyList<ApiToken> tokens)
    {
        if (IsOpen || tokens.Count == 0)
        {
            throw new InvalidOperationException("a token set is replaced only by tokens, and an open one not at all");
        }

        var current = _current;
        _current = new Generation(tokens, DeriveSiloProof(tokens), current.Proof);
    }

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
        foreach (var token in _current.Tokens)
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

    private sealed record Generation(IReadOnlyList<ApiToken> Tokens, byte[] Proof, byte[]? PreviousProof);
}

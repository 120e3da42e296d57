using Lad.Grains.Abstractions.Security;

namespace Lad.Grains.Security;

/// <summary>One issued API token, kept only as the SHA-256 of its text.</summary>
/// <param name="Name">Who holds it; the name logged and stored in the audit trail (never the token).</param>
/// <param name="Role">What it may do.</param>
/// <param name="Hash">SHA-256 of the token's UTF-8 text.</param>
public sealed record ApiToken(string Name, LadRole Role, byte[] Hash);

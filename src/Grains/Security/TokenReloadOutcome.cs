namespace Lad.Grains.Security;

/// <summary>What re-reading a changed token file did.</summary>
/// <param name="Names">The names of the tokens in use now.</param>
/// <param name="Problem">Why the file was refused (the previous tokens stay in use); null when it was loaded.</param>
public sealed record TokenReloadOutcome(IReadOnlyList<string> Names, string? Problem);

namespace Lad.Engine.Source.Files;

/// <summary>What one read of a tailed file gave.</summary>
/// <param name="Lines">The complete lines read, in file order.</param>
/// <param name="Position">Where the next read starts: after the last of <paramref name="Lines"/>.</param>
/// <param name="Change">What happened to the file before these lines were read.</param>
public sealed record TailRead(IReadOnlyList<TailedLine> Lines, FilePosition Position, TailChange Change);

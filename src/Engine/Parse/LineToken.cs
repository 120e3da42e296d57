namespace Lad.Engine.Parse;

/// <summary>One token of a line: where it sits in the message and its hash (0 = a masked variable).</summary>
internal readonly record struct LineToken(int Start, int Length, ulong Hash)
{
    /// <summary>The hash every masked variable carries.</summary>
    public const ulong Wildcard = 0;

    /// <summary>Whether the token was masked as a variable.</summary>
    public bool IsVariable => Hash == Wildcard;

    /// <summary>Offset just past the token.</summary>
    public int End => Start + Length;
}

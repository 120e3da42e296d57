namespace Lad.Engine.Model.Lof;

/// <summary>One distinct training vector among a query's nearest, and how many of its copies the neighbourhood takes.</summary>
/// <param name="Point">Index of the distinct vector.</param>
/// <param name="Distance">Its distance to the query.</param>
/// <param name="Count">Copies of it in the neighbourhood (all of them, except for the farthest vector when only some are needed).</param>
internal readonly record struct Neighbour(int Point, double Distance, long Count);

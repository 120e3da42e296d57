namespace Lad.Engine.Model.Lof;

/// <summary>One distinct training vector among a query's nearest, and how many of its copies the neighbourhood holds.</summary>
/// <param name="Point">Index of the distinct vector.</param>
/// <param name="Distance">Its distance to the query.</param>
/// <param name="Count">Copies of it in the neighbourhood: all of them, but for a training vector's own, which leaves out the line itself.</param>
internal readonly record struct Neighbour(int Point, double Distance, long Count);

namespace Lad.Engine.Model.Lof;

/// <summary>
/// A vantage-point tree over <see cref="WeightedPoints"/>: each inner node splits its points by their distance to one
/// of them at the median, and a search skips every half the triangle inequality shows cannot hold a point nearer than
/// the current k-th. Any true metric works. The tree is built without randomness and the answer does not depend on
/// its shape: ties are broken by point index, so searches are exact and reproducible. Each point stands for its copies
/// (<see cref="WeightedPoints"/>); a search counts points, not copies, and reports each point's count.
/// </summary>
internal sealed class VantagePointTree
{
    private const int LeafSize = 8;

    // Bounds from the triangle inequality are computed in floating point; the slack keeps a rounding error from pruning
    // a point that lies exactly at the k-th distance.
    private const double Slack = 1e-9;

    private readonly WeightedPoints _points;
    private readonly LofMetric _metric;
    private readonly int[] _order;
    private readonly List<Node> _nodes = [];
    private readonly int _root;

    public VantagePointTree(WeightedPoints points, LofMetric metric)
    {
        _points = points;
        _metric = metric;
        _order = Enumerable.Range(0, points.Count).ToArray();
        var distances = new double[points.Count];
        _root = points.Count == 0 ? -1 : Build(0, points.Count, distances);
    }

    /// <summary>The distance between two vectors under the tree's metric.</summary>
    public double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => LofMetrics.Distance(_metric, a, b);

    /// <summary>
    /// Fills <paramref name="result"/> with the <paramref name="k"/> nearest distinct points to <paramref name="query"/>
    /// in (distance, index) order, each with its count, or with every point when there are fewer.
    /// </summary>
    public void NearestDistinct(ReadOnlySpan<float> query, int k, List<Neighbour> result)
    {
        result.Clear();
        var search = new Search(result, k);
        if (_root >= 0)
        {
            Visit(_root, query, ref search);
        }
    }

    private void Visit(int nodeIndex, ReadOnlySpan<float> query, ref Search search)
    {
        var node = _nodes[nodeIndex];
        if (node.Vantage < 0)
        {
            for (var i = node.Start; i < node.End; i++)
            {
                var point = _order[i];
                search.Offer(point, Distance(query, _points.Vector(point)), _points.Counts[point]);
            }

            return;
        }

        var d = Distance(query, _points.Vector(node.Vantage));
        search.Offer(node.Vantage, d, _points.Counts[node.Vantage]);

        // Points inside lie within Radius of the vantage point, those outside at Radius or more.
        if (d <= node.Radius)
        {
            Visit(node.Inner, query, ref search);
            if (node.Outer >= 0 && node.Radius - d <= search.Reach)
            {
                Visit(node.Outer, query, ref search);
            }
        }
        else
        {
            if (node.Outer >= 0)
            {
                Visit(node.Outer, query, ref search);
            }

            if (d - node.Radius <= search.Reach)
            {
                Visit(node.Inner, query, ref search);
            }
        }
    }

    private int Build(int start, int end, double[] distances)
    {
        if (end - start <= LeafSize)
        {
            _nodes.Add(new Node(start, end, -1, 0, -1, -1));
            return _nodes.Count - 1;
        }

        // The point farthest from the first one sits at the edge of the set: from there, distances spread widely.
        var first = _points.Vector(_order[start]);
        var far = start;
        var farthest = -1.0;
        for (var i = start; i < end; i++)
        {
            var d = Distance(first, _points.Vector(_order[i]));
            if (d > farthest)
            {
                (farthest, far) = (d, i);
            }
        }

        (_order[start], _order[far]) = (_order[far], _order[start]);
        var vantage = _order[start];
        var from = start + 1;
        for (var i = from; i < end; i++)
        {
            distances[i] = Distance(_points.Vector(vantage), _points.Vector(_order[i]));
        }

        Array.Sort(distances, _order, from, end - from);
        var middle = from + (end - from) / 2;
        var radius = distances[middle];
        var index = _nodes.Count;
        _nodes.Add(default);
        var inner = Build(from, middle, distances);
        var outer = middle < end ? Build(middle, end, distances) : -1;
        _nodes[index] = new Node(start, end, vantage, radius, inner, outer);
        return index;
    }

    /// <summary>A leaf (Vantage -1) holds points Start..End of the order; an inner node splits them at Radius.</summary>
    private readonly record struct Node(int Start, int End, int Vantage, double Radius, int Inner, int Outer);

    /// <summary>The candidates of one search: the first k points in (distance, index) order.</summary>
    private struct Search(List<Neighbour> candidates, int k)
    {
        private double _kth = double.PositiveInfinity;

        /// <summary>How far a point may lie and still be a candidate, with the rounding slack.</summary>
        public readonly double Reach => _kth + Slack * (1 + _kth);

        public void Offer(int point, double distance, long count)
        {
            if (distance > _kth)
            {
                return;
            }

            var at = candidates.Count;
            while (at > 0 && (candidates[at - 1].Distance > distance || (candidates[at - 1].Distance == distance && candidates[at - 1].Point > point)))
            {
                at--;
            }

            candidates.Insert(at, new Neighbour(point, distance, count));
            if (candidates.Count > k)
            {
                candidates.RemoveAt(candidates.Count - 1);
            }

            if (candidates.Count == k)
            {
                _kth = candidates[^1].Distance;
            }
        }
    }
}

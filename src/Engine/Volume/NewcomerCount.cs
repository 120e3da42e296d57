namespace Lad.Engine.Volume;

/// <summary>
/// Counts, per interval, the templates seen for the first time while history is replayed in time order. Only the
/// second half of the intervals counts, as the first half of any history is all newcomers.
/// </summary>
internal sealed class NewcomerCount(int intervals)
{
    private readonly HashSet<int> _seen = [];
    private readonly Dictionary<int, int> _perInterval = [];

    /// <summary>The most newcomers in one counted interval; 0 when there were none.</summary>
    public int MaxPerInterval => _perInterval.Count == 0 ? 0 : _perInterval.Values.Max();

    /// <summary>Notes a line of template <paramref name="templateId"/> in interval <paramref name="interval"/>.</summary>
    public void Add(int templateId, int interval)
    {
        if (_seen.Add(templateId) && interval >= intervals / 2)
        {
            _perInterval[interval] = _perInterval.GetValueOrDefault(interval) + 1;
        }
    }
}

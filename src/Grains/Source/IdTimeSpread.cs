namespace Lad.Grains.Source;

/// <summary>How many ObjectId times a history has and the earliest and latest of them: what
/// <see cref="BulkImportCheck"/> needs, gathered as the history is read instead of keeping every time.</summary>
internal sealed class IdTimeSpread
{
    /// <summary>How many times were added.</summary>
    public int Count { get; private set; }

    /// <summary>The earliest time added (<see cref="DateTime.MaxValue"/> when none was).</summary>
    public DateTime First { get; private set; } = DateTime.MaxValue;

    /// <summary>The latest time added (<see cref="DateTime.MinValue"/> when none was).</summary>
    public DateTime Last { get; private set; } = DateTime.MinValue;

    /// <summary>Adds one ObjectId's creation time.</summary>
    public void Add(DateTime time)
    {
        Count++;
        First = time < First ? time : First;
        Last = time > Last ? time : Last;
    }
}

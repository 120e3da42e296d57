using Lad.Grains.Source;

namespace Lad.Integration.Tests.Daemon;

public class TimedWindowTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    [Fact]
    public void ALateDocumentInsideTheLookBackIsUnhandledUntilScoredAndLeavesTheNewestTimeAlone()
    {
        var window = new TimedWindow(Lookback, Now.AddMinutes(-1), DateTime.MinValue, []);
        window.Add([new("\"a\"", Now)], Now);

        Assert.False(window.Handled("\"late\"", Now.AddMinutes(-4)));
        window.Add([new("\"late\"", Now.AddMinutes(-4))], Now);

        Assert.True(window.Handled("\"late\"", Now.AddMinutes(-4)));
        Assert.Equal(Now, window.Newest);
        Assert.Equal(Now - Lookback, window.Floor);
        Assert.Equal(["\"a\"", "\"late\""], window.Scored.Keys.Order());
    }

    [Fact]
    public void TwoDocumentsOfTheSameTimeAreTwoDocuments()
    {
        var window = new TimedWindow(Lookback, Now, DateTime.MinValue, []);
        window.Add([new("1", Now)], Now);

        Assert.True(window.Handled("1", Now));
        Assert.False(window.Handled("2", Now));
    }

    [Fact]
    public void DocumentsFallingBehindTheLookBackAreHandledAndDropped()
    {
        var window = new TimedWindow(Lookback, Now, DateTime.MinValue, []);
        window.Add([new("1", Now)], Now);
        window.Add([new("2", Now.AddMinutes(6))], Now.AddMinutes(6));

        Assert.Equal(["2"], window.Scored.Keys);
        Assert.True(window.Handled("1", Now));
        Assert.True(window.Handled("3", Now.AddSeconds(30))); // dated more than the look-back behind the newest: missed
        Assert.False(window.Handled("4", Now.AddMinutes(2)));
    }

    [Fact]
    public void ATimeFromTheFutureMovesTheNewestPositionOnlyToNowPlusTheSkew()
    {
        var window = new TimedWindow(Lookback, Now, DateTime.MinValue, []);
        var year2100 = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        window.Add([new("\"far\"", year2100)], Now);

        Assert.Equal(Now + window.Skew, window.Newest);
        Assert.True(window.Handled("\"far\"", year2100));
        Assert.False(window.Handled("\"next\"", Now.AddSeconds(30)));
    }

    [Fact]
    public void AFullRecordRaisesTheFloorToDropItsOldest()
    {
        var window = new TimedWindow(Lookback, Now, DateTime.MinValue, [], capacity: 3);
        var full = window.Add(Enumerable.Range(1, 5).Select(i => new KeyValuePair<string, DateTime>(i.ToString(), Now.AddSeconds(i))), Now);

        Assert.True(full);
        Assert.Equal(Now.AddSeconds(2), window.Floor);
        Assert.Equal(["3", "4", "5"], window.Scored.Keys.Order());
    }

    [Fact]
    public void AStoredWindowComesBackAsItWas()
    {
        var window = new TimedWindow(Lookback, Now, DateTime.MinValue, []);
        window.Add([new("\"x\"", Now.AddSeconds(5)), new("7", Now.AddSeconds(-10))], Now);

        var restored = new TimedWindow(Lookback, window.Newest, window.Floor, window.Scored);

        Assert.Equal((window.Newest, window.Floor), (restored.Newest, restored.Floor));
        Assert.True(restored.Handled("7", Now.AddSeconds(-10)));
        Assert.False(restored.Handled("8", Now.AddSeconds(-10)));
    }
}

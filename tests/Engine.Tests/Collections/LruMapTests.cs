using Lad.Engine.Collections;

namespace Lad.Engine.Tests.Collections;

public class LruMapTests
{
    private sealed class Box
    {
        public int Value { get; set; }
    }

    [Fact]
    public void ARecycledEntrysValueIsHandedToTheNextEntryMadeAndARemovedOneIsNot()
    {
        var map = new LruMap<string, Box>(capacity: 10);
        var first = map.GetOrAdd("a", _ => new Box { Value = 1 });
        var second = map.GetOrAdd("b", _ => new Box { Value = 2 });

        Assert.True(map.Recycle("a"));
        Assert.False(map.Contains("a"));
        Box? offered = null;
        var made = map.GetOrAdd("c", reused => offered = reused ?? new Box());
        Assert.Same(first, offered);
        Assert.Same(first, made);

        Assert.True(map.Remove("b"));
        var fresh = map.GetOrAdd("d", reused => reused ?? new Box { Value = 4 });
        Assert.NotSame(second, fresh);
        Assert.Equal(4, fresh.Value);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void EntriesThatComeAndGoMakeNoMoreValuesThanTheMostHeldAtOnce()
    {
        var map = new LruMap<int, Box>(capacity: 1000);
        var made = 0;
        var most = 0;
        var random = new Random(5);
        var held = new List<int>();
        for (var key = 0; key < 5000; key++)
        {
            map.GetOrAdd(key, reused => reused ?? new Box { Value = ++made });
            held.Add(key);
            most = Math.Max(most, map.Count);
            // Between 1 and 40 entries held, forgotten in random order.
            while (held.Count > 40 || (held.Count > 1 && random.Next(3) == 0))
            {
                var at = random.Next(held.Count);
                Assert.True(map.Recycle(held[at]));
                held.RemoveAt(at);
            }
        }

        Assert.Equal(most, made);
        Assert.InRange(most, 2, 41);
    }

    [Fact]
    public void ClearingForgetsTheRecycledEntriesToo()
    {
        var map = new LruMap<int, Box>(capacity: 4);
        map.GetOrAdd(0, _ => new Box());
        map.Recycle(0);
        map.Clear();

        Box? offered = new();
        map.GetOrAdd(1, reused => (offered = reused) ?? new Box());
        Assert.Null(offered);
        Assert.False(map.Recycle(7));
    }
}

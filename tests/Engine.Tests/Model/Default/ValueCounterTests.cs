using Lad.Engine.Model.Default;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Model.Default;

public class ValueCounterTests
{
    private static ValueCounter Counted(params string[] values)
    {
        var counter = new ValueCounter();
        foreach (var value in values)
        {
            counter.Add(value);
        }

        return counter;
    }

    private static readonly string[] Values = ["sshd", "cron", "sshd", "Zebra", "cron", "sshd", "ännchen", "a", "b"];

    [Fact]
    public void AFrozenCounterAnswersAsTheCountingOneDid()
    {
        var counting = Counted(Values);
        var frozen = Counted(Values);
        frozen.Freeze();

        foreach (var probe in new[] { "sshd", "cron", "Zebra", "zebra", "ännchen", "a", "b", "c", "", "ssh", "sshd2" })
        {
            Assert.Equal(counting.CountOf(probe), frozen.CountOf(probe));
            Assert.Equal(counting.Contains(probe.AsSpan()), frozen.Contains(probe.AsSpan()));
        }

        Assert.Equal(3, frozen.CountOf("sshd"));
        Assert.Equal(0, frozen.CountOf("zebra"));
        Assert.Equal(counting.Distinct, frozen.Distinct);
        Assert.Equal(counting.NewValueRate(), frozen.NewValueRate());
        Assert.Equal(counting.MostFrequent(), frozen.MostFrequent());
        Assert.Equal(counting.TopValues(10), frozen.TopValues(10));
        Assert.Equal(counting.Counted.Order(StringComparer.Ordinal), frozen.Counted.Order(StringComparer.Ordinal));
        Assert.Same(frozen.Stored("cron".AsSpan()), frozen.Stored(new string("cron".AsSpan()).AsSpan()));
    }

    [Theory]
    [InlineData(ValueCounter.DistinctCap)]
    [InlineData(ValueCounter.DistinctCap + 1)]
    public void ACounterMadeFromCountsIsTheOneAddingThemWouldLeave(int distinct)
    {
        var counts = Enumerable.Range(0, distinct).Select(i => ($"t{i}", (i % 3) + 1)).ToList();
        var added = Counted([.. counts.SelectMany(c => Enumerable.Repeat(c.Item1, c.Item2))]);

        var made = ValueCounter.Of(counts);

        Assert.Equal(added.IsOpen, made.IsOpen);
        Assert.Equal(distinct > ValueCounter.DistinctCap, made.IsOpen);
        Assert.Equal(added.Observations, made.Observations);
        Assert.Equal(added.Distinct, made.Distinct);
        Assert.Equal(added.NewValueRate(), made.NewValueRate());
        Assert.Equal(added.TopValues(100), made.TopValues(100));
        Assert.Throws<InvalidOperationException>(() => made.Add("t0"));
    }

    [Fact]
    public void AFrozenCounterCountsNoMore()
    {
        var counter = Counted("a");
        counter.Freeze();
        counter.Freeze();

        Assert.Throws<InvalidOperationException>(() => counter.Add("b"));
        Assert.Throws<InvalidOperationException>(() => counter.Add("b".AsSpan()));
        Assert.Equal(1, counter.Observations);
    }

    [Fact]
    public void ACounterReadBackIsFrozenAndTheSame()
    {
        var counter = Counted(Values);
        using var file = new MemoryStream();
        var writer = new ModelWriter(file);
        counter.WriteTo(writer);
        writer.Flush();
        file.Position = 0;

        var read = ValueCounter.ReadFrom(new ModelReader(file));

        Assert.Equal(counter.TopValues(10), read.TopValues(10));
        Assert.Equal(counter.Observations, read.Observations);
        Assert.Throws<InvalidOperationException>(() => read.Add("c"));
    }

    [Fact]
    public void EntriesOutOfOrderReadAsDamage()
    {
        using var file = new MemoryStream();
        var writer = new ModelWriter(file);
        writer.Write(2L);
        writer.Write(false);
        writer.Write(2);
        writer.Write("b");
        writer.Write(1);
        writer.Write("a");
        writer.Write(1);
        writer.Flush();
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => ValueCounter.ReadFrom(new ModelReader(file)));
        Assert.Equal("model file: value counter entry 'a' is invalid", error.Message);
    }
}

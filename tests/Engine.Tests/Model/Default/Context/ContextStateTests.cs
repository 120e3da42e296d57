using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default.Context;

public class ContextStateTests
{
    [Fact]
    public void EachProcessContinuesFromItsOwnLastLineAndALineNamingNoneFromTheStreamsLast()
    {
        var state = new ContextState();
        var sshd = ProcessTag.Of("sshd[7]: Connection from 10.0.0.7");
        var cron = ProcessTag.Of("CRON[9]: (root) CMD (true)");

        state.Advance(11, countRepeats: false, position: 0, sshd);
        state.Advance(22, countRepeats: false, position: 1, cron);

        Assert.Equal(11, state.PreviousOf(sshd));
        Assert.Equal(22, state.PreviousOf(cron));
        Assert.Equal(22, state.PreviousOf(0));
        Assert.Equal(ContextState.Start, state.PreviousOf(ProcessTag.Of("sshd[8]: Connection from 10.0.0.8")));
    }

    [Fact]
    public void AProcessWhoseSlotAnotherTookStartsAfreshRatherThanFromTheOthersLine()
    {
        var state = new ContextState();
        // Two processes the stream keeps in one slot (the slot comes from the number's upper half).
        const ulong first = (1UL << 32) | 1, second = (65UL << 32) | 1;

        state.Advance(11, countRepeats: false, position: 0, first);
        state.Advance(22, countRepeats: false, position: 1, second);

        Assert.Equal(ContextState.Start, state.PreviousOf(first));
        Assert.Equal(22, state.PreviousOf(second));
    }

    [Fact]
    public void ResettingTheStateForgetsItsProcesses()
    {
        var state = new ContextState();
        var sshd = ProcessTag.Of("sshd[7]: Connection from 10.0.0.7");
        state.Advance(11, countRepeats: false, position: 0, sshd);

        state.Reset();

        Assert.Equal(ContextState.Start, state.PreviousOf(sshd));
        Assert.Equal(ContextState.Start, state.PreviousOf(0));
    }

    [Fact]
    public void AShapeListsEachTemplatesCountInTemplateOrderHoweverLong()
    {
        var small = new ContextState();
        foreach (var template in new[] { 7, 3, 7 })
        {
            small.Advance(template, countRepeats: true);
        }

        // Forty templates with ids of ten digits: longer than the buffer a shape starts in.
        var large = new ContextState();
        for (var i = 40; i > 0; i--)
        {
            large.Advance(1_000_000_000 + i, countRepeats: true);
        }

        large.Advance(1_000_000_001, countRepeats: true);

        Assert.Equal("3:1,7:2", small.ShapeKeyChars().ToString());
        Assert.Equal(
            "1000000001:2," + string.Join(",", Enumerable.Range(2, 39).Select(i => $"{1_000_000_000 + i}:1")),
            large.ShapeKeyChars().ToString());
        Assert.Equal("3:1,7:2", small.ShapeKeyChars().ToString());
    }
}

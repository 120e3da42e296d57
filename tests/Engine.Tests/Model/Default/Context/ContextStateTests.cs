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
}

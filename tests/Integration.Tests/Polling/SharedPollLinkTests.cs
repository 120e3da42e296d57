using Lad.Grains.Polling;

namespace Lad.Integration.Tests.Polling;

public class SharedPollLinkTests
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();
    private static readonly DateTime Noon = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void HostReadsItselfUntilOneCompleteReadInStepWithTheWatchedPoll()
    {
        var link = new SharedPollLink();
        Assert.True(link.MustReadItself);

        // A complete read before the host watched any poll proves nothing about the poll's scans.
        link.ReadItself(drained: true, link.StartOwnRead(), Noon);
        Assert.True(link.MustReadItself);

        link.Watched(First);
        link.ReadItself(drained: false, link.StartOwnRead(), Noon);
        Assert.True(link.MustReadItself);

        link.ReadItself(drained: true, link.StartOwnRead(), Noon);
        Assert.False(link.MustReadItself);
    }

    [Fact]
    public void HandoverOfANewPollActivationOrAskingToReadBreaksStep()
    {
        var link = InStep(First);
        Assert.True(link.Take(new PollHandover(Second, [[1]], Complete: true)));
        Assert.True(link.MustReadItself);

        link = InStep(First);
        link.Take(new PollHandover(First, [], Complete: false));
        Assert.True(link.MustReadItself);
    }

    [Fact]
    public void HandedDocumentsCollectUntilTakenAndOneHandlingCallIsQueuedAtATime()
    {
        var link = InStep(First);
        Assert.True(link.Take(new PollHandover(First, [[1]], Complete: true)));
        Assert.False(link.Take(new PollHandover(First, [[2]], Complete: true)));
        Assert.False(link.MustReadItself);

        Assert.Equal([[1], [2]], link.TakeDocuments());
        Assert.Empty(link.TakeDocuments());
        Assert.True(link.Take(new PollHandover(First, [[3]], Complete: true)));
    }

    [Fact]
    public void ReadStartedUnderAnEarlierActivationDoesNotPutTheHostInStepWithALaterOne()
    {
        var link = new SharedPollLink();
        link.Watched(First);
        var atStart = link.StartOwnRead();
        link.Take(new PollHandover(Second, [[1]], Complete: true)); // arrived while the read ran
        link.ReadItself(drained: true, atStart, Noon);

        Assert.True(link.MustReadItself);
    }

    [Fact]
    public void AnAskToReadThatCameWhileTheHostReadOutlivesThatRead()
    {
        // The poll's first scan records what it found as told and asks every host to read for itself; a read that had
        // already queried (before those documents were written) must not count as the answer, or they wait for the
        // host's next read of its own, minutes later.
        var link = InStep(First);
        var atStart = link.StartOwnRead();
        link.Take(new PollHandover(First, [], Complete: false));
        link.ReadItself(drained: true, atStart, Noon);
        Assert.True(link.MustReadItself);

        link.ReadItself(drained: true, link.StartOwnRead(), Noon.AddSeconds(1));
        Assert.False(link.MustReadItself);
    }

    [Fact]
    public void FailureMakesTheNextStepAReadOfItsOwnAndDropsWhatWasHanded()
    {
        var link = InStep(First);
        link.Take(new PollHandover(First, [[1]], Complete: true));
        link.ReadItselfNext();

        Assert.True(link.MustReadItself);
        Assert.Empty(link.TakeDocuments());
    }

    [Fact]
    public void AHostInStepStillReadsItselfOnceItsOwnReadIsDue()
    {
        var link = new SharedPollLink();
        Assert.True(link.OwnReadDue(Noon, TimeSpan.FromMinutes(5)));

        link.Watched(First);
        link.ReadItself(drained: true, link.StartOwnRead(), Noon);

        Assert.False(link.MustReadItself);
        Assert.False(link.OwnReadDue(Noon.AddMinutes(4).AddSeconds(59), TimeSpan.FromMinutes(5)));
        Assert.True(link.OwnReadDue(Noon.AddMinutes(5), TimeSpan.FromMinutes(5)));
        Assert.Equal(Noon, link.LastOwnRead);
    }

    [Fact]
    public void WhatWasHandedWaitsUntilAHandlingTakesIt()
    {
        var link = InStep(First);
        Assert.False(link.HasWaiting);

        Assert.True(link.Take(new PollHandover(First, [[1], [2]], Complete: true)));
        Assert.True(link.HasWaiting);
        Assert.Equal(2, link.TakeDocuments().Count);

        Assert.False(link.HasWaiting);
        Assert.Empty(link.TakeDocuments());
    }

    private static SharedPollLink InStep(Guid epoch)
    {
        var link = new SharedPollLink();
        link.Watched(epoch);
        link.ReadItself(drained: true, link.StartOwnRead(), Noon);
        Assert.False(link.MustReadItself);
        return link;
    }
}

using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Detection;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A session's latest line is held until the stream judges its ending, and no longer.</summary>
public sealed class SessionTailsTests
{
    [Fact]
    public void AnEndingIsReportedAtTheSessionsLastLineAndEveryEndedSessionIsForgotten()
    {
        var tails = Tails();
        var lines = new[] { "job-1 started", "job-2 started", "job-1 wrote 3 rows", "job-3 started", "no session here" }
            .Select(m => tails.Keyed(Polled(m)))
            .ToList();
        Assert.Equal(3, tails.Remembered);

        var ended = tails.Ended([Ending("job-1", anomalous: true), Ending("job-2", anomalous: false)]);

        var (last, ending) = Assert.Single(ended);
        Assert.Same(lines[2], last);
        Assert.Equal(("job-1", "job-1 wrote 3 rows"), (ending.Session, last.Record.Message));
        // Only job-3, not judged yet, is still held.
        Assert.Equal(1, tails.Remembered);
        Assert.Empty(tails.Ended([Ending("job-1", anomalous: true)]));
    }

    [Fact]
    public void ASessionThatGoesOnAfterItsJudgementIsReportedAtItsNewLastLine()
    {
        var tails = Tails();
        tails.Keyed(Polled("job-7 started"));
        Assert.Empty(tails.Ended([Ending("job-7", anomalous: false)]));
        Assert.Equal(0, tails.Remembered);

        var resumed = tails.Keyed(Polled("job-7 resumed after a long pause"));
        var (last, _) = Assert.Single(tails.Ended([Ending("job-7", anomalous: true)]));

        Assert.Same(resumed, last);
        Assert.Equal("job-7", resumed.Record.Session);
        Assert.Equal(0, tails.Remembered);
    }

    private static SessionTails Tails()
    {
        Assert.True(SessionKeyPattern.TryCreate(@"job-\d+", out var pattern, out var problem), problem);
        return new SessionTails(pattern!, capacity: 100);
    }

    private static SessionVerdict Ending(string session, bool anomalous) =>
        new(session, 2, new AnomalyVerdict(anomalous ? 0.9 : 0.1, 0.5, new Explanation(["session ended"], "", 0, 0, null)));

    private static PolledRecord Polled(string message)
    {
        var id = ObjectId.GenerateNewId();
        return new PolledRecord(id, new LogRecord(message, null, "app-1"), new BsonDocument { ["_id"] = id, ["message"] = message });
    }
}

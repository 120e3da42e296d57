using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default.Context;

/// <summary>
/// Training hands the contexts its calibrating profile learned to the stream that scores the held-out lines, instead of
/// having that stream observe the same lines again: they must be the contexts observing gives.
/// </summary>
public class ContextHandOverTests
{
    /// <summary>Blocks whose lines interleave and come back out of order, and a host stream of two sshd processes.</summary>
    private static List<LogRecord> History()
    {
        var random = new Random(11);
        var history = new List<LogRecord>();
        for (var i = 0; i < 600; i++)
        {
            var block = $"blk_{random.Next(40)}";
            var pid = 300 + random.Next(2);
            history.Add(random.Next(5) switch
            {
                0 => new LogRecord($"sshd[{pid}]: Accepted publickey for deploy from 10.0.0.{random.Next(250)}", Host: "gw"),
                1 => new LogRecord($"sshd[{pid}]: pam_unix(sshd:session): session closed for user deploy", Host: "gw"),
                2 => new LogRecord($"Receiving block {block} src: /10.0.0.{random.Next(250)}:50010", Host: "gw", Session: block),
                3 => new LogRecord($"PacketResponder {random.Next(3)} for block {block} terminating", Host: "gw", Session: block),
                _ => new LogRecord($"Deleting block {block} file /data/current/{block}", Host: "gw", Session: block),
            });
        }

        return history;
    }

    private static (ProfileLearning Learning, HostProfile Profile) Learned(List<LogRecord> history)
    {
        var miner = new TemplateMiner();
        foreach (var record in history)
        {
            miner.Learn(record.Message);
        }

        var learning = new ProfileLearning(miner);
        var words = new LineWords();
        foreach (var record in history)
        {
            WordExtractor.Extract(record.Message, words);
            learning.Add(record, words, miner.TokensOf(record.Message));
        }

        return (learning, learning.Complete().Profile);
    }

    private static object Described(ContextState state) =>
        (state.Previous, state.LastPosition, state.Lines, state.JudgedAt, state.TemplateCounts.ToArray().Select(c => $"{c.Template}:{c.Count}").Aggregate("", string.Concat),
            state.PreviousOf(ProcessTag.Of("sshd[300]: x")), state.PreviousOf(ProcessTag.Of("sshd[301]: x")));

    [Fact]
    public void TheHandedOverContextsAreTheOnesObservingTheLinesGives()
    {
        var history = History();
        var (learning, profile) = Learned(history);

        var observed = DefaultStreamScorer.Observed(history, profile, capacity: 1000).OldestFirst().ToList();
        var handedOver = learning.StatesAsStream(1000)!.OldestFirst().ToList();

        // 40 blocks and the host's stream, least recently used first: not the order in which they first came.
        Assert.Equal(41, handedOver.Count);
        Assert.NotEqual(history.Select(r => r.Session ?? "").Distinct().ToList(), handedOver.Select(c => c.Key.IsSession ? c.Key.Name : "").ToList());
        Assert.Equal(observed.Select(c => c.Key), handedOver.Select(c => c.Key));
        Assert.Equal(observed.Select(c => Described(c.Value)), handedOver.Select(c => Described(c.Value)));
        Assert.Contains(handedOver, c => !c.Key.IsSession && c.Value.PreviousOf(ProcessTag.Of("sshd[301]: x")) != ContextState.Start);
    }

    [Fact]
    public void ContextsAStreamWouldHaveForgottenAreNotHandedOver()
    {
        var (learning, _) = Learned(History());

        Assert.Null(learning.StatesAsStream(40));
        Assert.NotNull(learning.StatesAsStream(41));
    }
}

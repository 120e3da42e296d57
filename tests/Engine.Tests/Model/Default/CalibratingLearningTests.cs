using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// Training learns the calibrating profile's lines once for both profiles while the two miners agree on them, and
/// copies the learning where they part or where the calibrating part ends: what it completes must be, byte for byte,
/// what learning those lines on their own under the calibrating miner gives.
/// </summary>
public class CalibratingLearningTests
{
    private const int Lines = 1000;
    private const int FitCount = 800;
    // The first slow query line comes late enough for the learnings to part with much learned.
    private const int SlowQueriesFrom = 300;

    /// <summary>
    /// Sessions that interleave, a host stream of two processes, numbers of several magnitudes, levels, programs and a
    /// place with more distinct values than a counter keeps; slow query lines from line <see cref="SlowQueriesFrom"/> on,
    /// which from line <paramref name="newTablesFrom"/> on name tables never named before, turning the table into a
    /// variable of their template.
    /// </summary>
    private static List<LogRecord> History(int newTablesFrom = Lines)
    {
        var random = new Random(5);
        string[] tables = ["invoices", "orders", "payments", "refunds", "ledger"];
        var history = new List<LogRecord>();
        for (var i = 0; i < Lines; i++)
        {
            var block = $"blk_{random.Next(30)}";
            var pid = 300 + random.Next(2);
            var table = i >= newTablesFrom ? tables[1 + random.Next(4)] : tables[0];
            history.Add(random.Next(6) switch
            {
                0 => new LogRecord($"sshd[{pid}]: Accepted publickey for user{random.Next(80)} from 10.0.0.{random.Next(250)}", Level: "INFO", Host: "web"),
                1 when i < SlowQueriesFrom => new LogRecord($"CRON[{pid}]: (root) CMD (run-parts /etc/cron.hourly)", Host: "web"),
                1 => new LogRecord($"orders-api[{pid}]: slow query took {random.Next(5, 5000)} ms on table {table}", Level: "WARN", Host: "web"),
                2 => new LogRecord($"Receiving block {block} src: /10.0.0.{random.Next(250)}:50010 size {random.Next(1, 64) << 20}", Level: "INFO", Host: "web", Session: block),
                3 => new LogRecord($"PacketResponder {random.Next(3)} for block {block} terminating", Level: "INFO", Host: "web", Session: block),
                4 => new LogRecord($"kernel: eth{random.Next(2)} link is {(random.Next(2) == 0 ? "up" : "down")}", Level: random.Next(9) == 0 ? "ERROR" : "INFO", Host: "web"),
                _ => new LogRecord($"Deleting block {block} file /data/current/{block}", Level: "INFO", Host: "web", Session: block),
            });
        }

        return history;
    }

    private static TemplateMiner Miner(IEnumerable<LogRecord> lines)
    {
        var miner = new TemplateMiner();
        foreach (var record in lines)
        {
            miner.Learn(record.Message);
        }

        return miner;
    }

    /// <summary>The final miner and its copy where the calibrating part ends, as the trainer takes it.</summary>
    private static (TemplateMiner Final, TemplateMiner Fit) Miners(List<LogRecord> history)
    {
        using var copy = new MemoryStream();
        Miner(history.Take(FitCount)).Save(copy);
        copy.Position = 0;
        return (Miner(history), TemplateMiner.Load(copy));
    }

    private static void Feed(Func<LogRecord, LineWords, ReadOnlySpan<LineToken>, int> add, TemplateMiner tokenizer, IEnumerable<LogRecord> lines)
    {
        var words = new LineWords();
        foreach (var record in lines)
        {
            WordExtractor.Extract(record.Message, words);
            add(record, words, tokenizer.TokensOf(record.Message));
        }
    }

    /// <summary>Everything the completed learning holds: the three profiles as a model file writes them, and its contexts.</summary>
    private static (byte[] Written, string Contexts) Completed(ProfileLearning learning, HistoryLineCounts? counts = null)
    {
        var (profile, context, endings) = learning.Complete(counts);
        using var stream = new MemoryStream();
        var writer = new ModelWriter(stream);
        profile.WriteTo(writer);
        context.WriteTo(writer);
        endings.WriteTo(writer);
        var contexts = string.Join('\n', learning.StatesAsStream(1000)!.OldestFirst().Select(c =>
            $"{c.Key.Name} {c.Value.Previous} {c.Value.LastPosition} {c.Value.Lines} {c.Value.PreviousOf(ProcessTag.Of("x[300]: y"))} {c.Value.PreviousOf(ProcessTag.Of("x[301]: y"))} "
            + string.Join(',', c.Value.TemplateCounts.ToArray().Select(t => $"{t.Template}:{t.Count}"))));
        return (stream.ToArray(), contexts);
    }

    private static void AssertSame((byte[] Written, string Contexts) expected, (byte[] Written, string Contexts) actual)
    {
        Assert.Equal(expected.Written, actual.Written);
        Assert.Equal(expected.Contexts, actual.Contexts);
    }

    [Fact]
    public void ACopyLearnsOnAsTheLearningItWasCopiedFromAndApartFromIt()
    {
        var history = History();
        var other = History(newTablesFrom: 0);
        var miner = Miner(history.Concat(other));
        var table = new WordTable();
        var original = new ProfileLearning(miner, wordTable: table);
        Feed(original.Add, miner, history.Take(500));

        var copy = original.Copy(miner, countsLines: true);
        Feed(copy.Add, miner, history.Skip(500));
        Feed(original.Add, miner, other);

        var all = new ProfileLearning(miner);
        Feed(all.Add, miner, history);
        var firstHalfThenOther = new ProfileLearning(miner);
        Feed(firstHalfThenOther.Add, miner, history.Take(500).Concat(other));
        var copied = Completed(copy);
        var apart = Completed(firstHalfThenOther);
        AssertSame(Completed(all), copied);
        AssertSame(apart, Completed(original));
        Assert.NotEqual(copied.Written, apart.Written);
    }

    [Theory]
    [InlineData(Lines, false)]
    [InlineData(FitCount + 20, true)]
    [InlineData(500, false)]
    public void TheCalibratingLearningIsTheOneItsLinesGiveOnTheirOwn(int newTablesFrom, bool parts)
    {
        var history = History(newTablesFrom);
        var (finalMiner, fitMiner) = Miners(history);

        // As training learned before: the calibrating profile fed its lines on its own, beside the final one.
        var table = new WordTable();
        var final = new ProfileLearning(finalMiner, wordTable: table);
        var fit = new ProfileLearning(fitMiner, countsLines: false, table);
        Feed((r, w, t) => fit.Add(r, w, t) + final.Add(r, w, t), finalMiner, history.Take(FitCount));
        var counts = final.CopyOfLineCounts();
        Feed(final.Add, finalMiner, history.Skip(FitCount));

        var sharedFinal = new ProfileLearning(finalMiner, wordTable: new WordTable());
        var shared = new CalibratingLearning(sharedFinal, finalMiner, fitMiner);
        Feed(shared.Add, finalMiner, history.Take(FitCount));
        var sharedCounts = sharedFinal.CopyOfLineCounts();
        var calibrating = shared.Learned();
        Feed(sharedFinal.Add, finalMiner, history.Skip(FitCount));

        Assert.Equal(parts, shared.Parted);
        AssertSame(Completed(fit, counts), Completed(calibrating, sharedCounts));
        AssertSame(Completed(final), Completed(sharedFinal));
        // The later lines made the slow queries' table a variable of the final template only.
        Assert.Equal(newTablesFrom < FitCount, fitMiner.Templates.Any(t => t.Text.Contains("table <*>", StringComparison.Ordinal)));
        Assert.Equal(newTablesFrom < Lines, finalMiner.Templates.Any(t => t.Text.Contains("table <*>", StringComparison.Ordinal)));
    }
}

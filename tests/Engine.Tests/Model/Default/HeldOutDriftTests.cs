using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A recurring error whose share fell in the held-out part of the history is rarer to the final profile than to the
/// calibrating one, so its lines score a little higher in production than they did in calibration. The bar its held-out
/// lines set must be the final profile's score of them, or every later line of it is a hair above the bar.
/// </summary>
public class HeldOutDriftTests
{
    private static readonly string[] Users = ["alice", "bob", "deploy", "backup", "svc-app"];

    private static LogRecord FailedLogin(int i) =>
        new($"sshd[{2000 + (i % 7)}]: Failed password for {Users[i % Users.Length]} from 10.0.1.{i % 5} port {1024 + (i * 7919 % 60000)} ssh2", "ERROR", "web-1");

    // Failed logins in 0.9% of the first 8,000 lines, then in 0.25% of the last 2,000 (the held-out part).
    private static List<LogRecord> History() =>
        Enumerable.Range(0, 10_000).Select(i => (i < 8_000 ? i % 111 == 0 : i % 400 == 0) ? FailedLogin(i) : WebHostLines.Routine(i)).ToList();

    [Fact]
    public void AnErrorWhoseShareFellInTheHeldOutPartIsNotFlaggedWhenItRecurs()
    {
        var model = (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(History(), TestContext.Current.CancellationToken);
        var stream = model.OpenStream();

        var flagged = Enumerable.Range(20_000, 3_000)
            .Select(i => i % 150 == 0 ? FailedLogin(i) : WebHostLines.Routine(i))
            .Count(line => stream.ScoreAnomaly(line, out _, out _) is not null);

        Assert.Equal(0, flagged);
        // The bar did not rise past what is news on that line: a user never seen there is still reported.
        var stranger = new LogRecord("sshd[2001]: Failed password for mallory from 10.0.1.2 port 4444 ssh2", "ERROR", "web-1");
        Assert.NotNull(stream.ScoreAnomaly(stranger, out _, out _));
    }
}

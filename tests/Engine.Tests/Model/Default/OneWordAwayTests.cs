using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A line one plain word away from a known template (a user, an image, a table the host wrote once or never) is that
/// template's line with a word its place never held, not a never-seen kind of event.
/// </summary>
public class OneWordAwayTests
{
    private static readonly string[] Units = ["apt-daily", "fstrim", "logrotate", "man-db"];

    private static readonly Lazy<DefaultModel> Model = new(() => (DefaultModel)ModelCatalog
        .CreateTrainer(new DetectorOptions { ModelKind = "default" })
        .Train(History(2000), TestContext.Current.CancellationToken));

    /// <summary>A host whose failed logins all named one user, among its usual services and jobs.</summary>
    private static List<LogRecord> History(int count)
    {
        var random = new Random(7);
        var lines = new List<LogRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var pid = random.Next(1000, 30000);
            lines.Add((i % 5) switch
            {
                0 => new LogRecord($"sshd[{pid}]: Failed password for bob from 10.0.{random.Next(256)}.{random.Next(256)} port {random.Next(1024, 65000)} ssh2", "WARN"),
                1 => new LogRecord($"systemd[1]: Started {Units[random.Next(Units.Length)]}.service.", "INFO"),
                2 => new LogRecord($"CRON[{pid}]: (root) CMD (/usr/local/bin/job-{random.Next(4)}.sh)", "INFO"),
                3 when i % 1000 == 3 => new LogRecord($"sshd[{pid}]: Invalid user admin from 10.0.{random.Next(256)}.{random.Next(256)} port {random.Next(1024, 65000)}", "WARN"),
                3 => new LogRecord($"sshd[{pid}]: Accepted publickey for deploy from 10.0.{random.Next(256)}.{random.Next(256)} port {random.Next(1024, 65000)} ssh2", "INFO"),
                _ => new LogRecord($"nginx[{pid}]: worker {random.Next(8)} accepted {random.Next(10, 999)} connections", "INFO"),
            });
        }

        return lines;
    }

    [Fact]
    public void AnotherUsersFailedLoginIsTheKnownTemplateWithANewWordThere()
    {
        var verdict = Model.Value.Score(new LogRecord("sshd[4242]: Failed password for carol from 10.9.9.9 port 40000 ssh2", "WARN"));

        Assert.Contains("Failed password for bob", verdict.Explanation.Template, StringComparison.Ordinal);
        Assert.True(verdict.Explanation.TemplateTrainingCount > 300, $"{verdict.Explanation.TemplateTrainingCount} training lines");
        Assert.Contains(verdict.Explanation.Reasons, r => r.Contains("never with 'carol' there", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.StartsWith("template never seen", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherNameWhereAMessageSeenTwiceHadOneIsLessNewsThanTheSameLineOnAHostThatNeverWroteTheMessage()
    {
        // Two lines of `Invalid user admin` show the message; another user there is a variant of it, not a new event.
        var line = new LogRecord("sshd[4242]: Invalid user oracle from 10.9.9.9 port 40000", "WARN");
        var withoutMessage = (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" })
            .Train(History(2000).Where(l => !l.Message.Contains("Invalid user", StringComparison.Ordinal)).ToList(), TestContext.Current.CancellationToken);

        var variant = Model.Value.Score(line);
        var unseen = withoutMessage.Score(line);

        Assert.Equal(2, variant.Explanation.TemplateTrainingCount);
        Assert.Contains(unseen.Explanation.Reasons, r => r.StartsWith("template never seen", StringComparison.Ordinal));
        Assert.True(variant.Score < unseen.Score, $"one word away {variant.Score:0.000}, never seen {unseen.Score:0.000}");
    }

    [Fact]
    public void TwoWordsAwayIsStillANeverSeenTemplate()
    {
        var verdict = Model.Value.Score(new LogRecord("sshd[4242]: Failed keyboard-interactive for carol from 10.9.9.9 port 40000 ssh2", "WARN"));

        Assert.Contains(verdict.Explanation.Reasons, r => r.StartsWith("template never seen", StringComparison.Ordinal));
    }
}

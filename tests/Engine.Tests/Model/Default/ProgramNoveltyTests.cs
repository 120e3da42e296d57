using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A known message written by a program that never wrote it in training: news on a host whose messages each belong to
/// one program, no news on a host whose programs share their messages.
/// </summary>
public class ProgramNoveltyTests
{
    private static readonly string[] Units = ["apt-daily", "fstrim", "logrotate", "man-db"];

    /// <summary>A host where every message has its own program; one message (a reload) written once.</summary>
    private static List<LogRecord> OwnedHistory(int count)
    {
        var random = new Random(3);
        var lines = new List<LogRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var pid = random.Next(1000, 30000);
            lines.Add(new LogRecord((i % 4) switch
            {
                0 => $"sshd[{pid}]: Accepted publickey for deploy from 10.0.{random.Next(256)}.{random.Next(256)} port {random.Next(1024, 65000)} ssh2",
                1 => $"systemd[1]: Started {Units[random.Next(Units.Length)]}.service.",
                2 => $"CRON[{pid}]: (root) CMD (/usr/local/bin/job-{random.Next(4)}.sh)",
                _ => $"nginx[{pid}]: worker {random.Next(8)} accepted {random.Next(10, 999)} connections",
            }));
            if (i == count / 2)
            {
                lines.Add(new LogRecord($"systemd[1]: Reloading configuration from /etc/systemd/system."));
            }
        }

        return lines;
    }

    /// <summary>A host whose services all write the same few messages, a new service now and then.</summary>
    private static List<LogRecord> SharedHistory(int count)
    {
        var random = new Random(4);
        var lines = new List<LogRecord>(count);
        for (var i = 0; i < count; i++)
        {
            // One more service every 60 lines: the messages keep meeting programs that never wrote them before.
            var service = ServiceName(random.Next((i / 60) + 1));
            lines.Add(new LogRecord($"{service}[{random.Next(1000, 30000)}]: " + (i % 3) switch
            {
                0 => "Reloaded.",
                1 => "Stopped.",
                _ => $"listening on port {random.Next(1024, 65000)}",
            }));
        }

        return lines;
    }

    private static string ServiceName(int number) => $"svc{(char)('a' + (number % 26))}{(char)('a' + (number / 26))}";

    private static DefaultModel Train(List<LogRecord> history) =>
        (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(history, TestContext.Current.CancellationToken);

    private static readonly Lazy<DefaultModel> Owned = new(() => Train(OwnedHistory(2000)));

    private static Evidence? UnusualValue(DefaultModel model, LogRecord line) =>
        model.Evidence(line).Where(e => e.Kind == EvidenceKind.UnusualValue).Select(e => (Evidence?)e).FirstOrDefault();

    [Theory]
    [InlineData("systemd[1]: Accepted publickey for deploy from 10.0.3.4 port 2222 ssh2", "sshd")]
    [InlineData("sshd[4242]: Started fstrim.service.", "systemd")]
    [InlineData("nginx[4242]: (root) CMD (/usr/local/bin/job-1.sh)", "CRON")]
    public void AMessageWrittenByAProgramThatNeverWroteItIsFlaggedNamingBoth(string message, string owner)
    {
        var line = new LogRecord(message);
        var program = message[..message.IndexOf('[')];

        var verdict = Owned.Value.OpenStream().Score(line);
        var evidence = UnusualValue(Owned.Value, line);

        Assert.True(verdict.IsAnomaly, $"{verdict.Score} <= {verdict.Threshold}: {string.Join(" | ", verdict.Explanation.Reasons)}");
        Assert.True(evidence is { Value: > 0.9 }, evidence?.ToString());
        Assert.StartsWith($"program '{program}' never wrote this template in training ({owner} in ", (evidence?.Reason ?? ""), StringComparison.Ordinal);
        Assert.EndsWith("on this host a template's line came from a new program 0 times in 1993)", (evidence?.Reason ?? ""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sshd[4242]: Started fstrim.service.")]
    [InlineData("sshd[4242]: Reloading configuration from /etc/systemd/system.")]
    public void AMessageFromAProgramThatNeverWroteItIsANewEventAsMuchNewsAsANeverSeenLine(string message)
    {
        // Program and message make a syslog event: on a host whose programs never shared a message, this one is an
        // event training never saw, and weighs at least what a never-seen line with nothing more to it weighs.
        var line = new LogRecord(message);

        var evidence = Owned.Value.Evidence(line);
        var verdict = Owned.Value.OpenStream().Score(line);

        var newEvent = Assert.Single(evidence, e => e.Kind == EvidenceKind.NewTemplate);
        Assert.Equal("an event never seen: this template from program 'sshd'", newEvent.Reason);
        Assert.Equal(UnusualValue(Owned.Value, line)!.Value.Value, newEvent.Value, 10);
        Assert.True(verdict.Score > EvidenceWeights.ReferenceNewLineScore, $"{verdict.Score} <= {EvidenceWeights.ReferenceNewLineScore}");
    }

    [Fact]
    public void AMessageTrainingSawOnceIsJudgedByTheHostsHabitNotByItsOneLine()
    {
        // One line cannot show that its message belongs to systemd; the host's other messages, which never changed
        // program, can.
        var line = new LogRecord("sshd[4242]: Reloading configuration from /etc/systemd/system.");

        var evidence = UnusualValue(Owned.Value, line);

        Assert.True(evidence is { Value: > 0.85 }, evidence?.ToString());
        Assert.StartsWith("program 'sshd' never wrote this template in training (systemd in 1 lines", (evidence?.Reason ?? ""), StringComparison.Ordinal);
        Assert.True(Owned.Value.OpenStream().Score(line).IsAnomaly);
    }

    [Fact]
    public void TheSameProgramUnderANewProcessIdIsNoNews()
    {
        var stream = Owned.Value.OpenStream();

        var verdict = stream.Score(new LogRecord("sshd[31999]: Accepted publickey for deploy from 10.0.3.4 port 2222 ssh2"));

        Assert.False(verdict.IsAnomaly, string.Join(" | ", verdict.Explanation.Reasons));
        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.StartsWith("program ", StringComparison.Ordinal));
    }

    [Fact]
    public void OnAHostWhoseProgramsShareTheirMessagesANewProgramIsNoNews()
    {
        var model = Train(SharedHistory(2000));
        var stream = model.OpenStream();

        foreach (var message in new[] { "redis[4242]: Reloaded.", "redis[4242]: Stopped." })
        {
            var line = new LogRecord(message);
            var verdict = stream.Score(line);

            Assert.False(verdict.IsAnomaly, $"{message}: {verdict.Score} > {verdict.Threshold}: {string.Join(" | ", verdict.Explanation.Reasons)}");
            // A new program is expected here often enough that the line is no variant training never saw, nor much of a
            // new event.
            Assert.DoesNotContain(model.Evidence(line), e => e.Kind == EvidenceKind.RareTemplate);
            Assert.All(model.Evidence(line).Where(e => e.Kind == EvidenceKind.NewTemplate), e => Assert.True(e.Value < 0.25, e.ToString()));
        }
    }

    [Fact]
    public void AProgramPeopleAcceptedAtTheTagIsNoEvidence()
    {
        var line = new LogRecord("systemd[1]: Accepted publickey for deploy from 10.0.3.4 port 2222 ssh2");
        var stream = Owned.Value.OpenStream(new AcceptedValue("systemd"));

        var verdict = stream.Score(line);

        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.StartsWith("program ", StringComparison.Ordinal));
        Assert.False(verdict.IsAnomaly, string.Join(" | ", verdict.Explanation.Reasons));
    }

    [Fact]
    public void ValueFeedbackOnTheTagTakesTheProgramAndThenAcceptsIt()
    {
        // What value-scope feedback reads: the line's one unusual value at the tag's parameter is the program, not
        // its process id, which a template seen once cannot show to be fixed either.
        var line = new LogRecord("sshd[4242]: Reloading configuration from /etc/systemd/system.");

        var unusual = Assert.Single(Owned.Value.UnusualValues(line));
        var stream = Owned.Value.OpenStream(new AcceptedValues((unusual.Template, unusual.Parameter, unusual.Value)));
        var verdict = stream.Score(line);

        Assert.Equal((1, "sshd"), (unusual.Parameter, unusual.Value));
        Assert.StartsWith("program 'sshd' never wrote this template in training", unusual.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.StartsWith("program ", StringComparison.Ordinal));
        Assert.False(verdict.IsAnomaly, string.Join(" | ", verdict.Explanation.Reasons));
        Assert.True(Owned.Value.OpenStream(new AcceptedValues((unusual.Template, unusual.Parameter, "nginx"))).Score(line).IsAnomaly);
    }

    [Fact]
    public void AProfileThatDidNotCountProgramsIsRefusedSoTheHostRetrains()
    {
        using var file = new MemoryStream();
        new ModelWriter(file).Write(2);
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => HostProfile.ReadFrom(new ModelReader(file)));

        Assert.Contains("did not count which programs wrote each template; retrain the host", error.Message, StringComparison.Ordinal);
    }

    private sealed class AcceptedValue(string value) : IAcceptedValues
    {
        public bool Accepts(string template, int parameter, string candidate) => candidate == value;
    }
}

using Lad.Engine.Model;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Persistence;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default.Context;

/// <summary>
/// A host stream without session keys: the order of steps is judged within the process each syslog tag names, not in
/// the order the host's processes happen to interleave.
/// </summary>
public class ProcessStreamTests
{
    private static LogRecord Connected(int pid, int port) => new($"sshd[{pid}]: Connection from 10.0.0.{pid % 200} port {port}", Host: "gw");

    private static LogRecord Accepted(int pid) => new($"sshd[{pid}]: Accepted publickey for deploy from 10.0.0.{pid % 200}", Host: "gw");

    private static LogRecord Opened(int pid) => new($"sshd[{pid}]: pam_unix(sshd:session): session opened for user deploy", Host: "gw");

    private static LogRecord Closed(int pid) => new($"sshd[{pid}]: pam_unix(sshd:session): session closed for user deploy", Host: "gw");

    /// <summary>600 logins of four steps, in twos, one login's steps always ahead of the other's.</summary>
    private static List<LogRecord> History()
    {
        var history = new List<LogRecord>();
        for (var pid = 1000; pid < 1600; pid += 2)
        {
            LogRecord[] a = [Connected(pid, 40000 + pid), Accepted(pid), Opened(pid), Closed(pid)];
            LogRecord[] b = [Connected(pid + 1, 40001 + pid), Accepted(pid + 1), Opened(pid + 1), Closed(pid + 1)];
            for (var step = 0; step < 4; step++)
            {
                history.Add(a[step]);
                history.Add(b[step]);
            }
        }

        return history;
    }

    private static readonly Lazy<IAnomalyModel> Model = new(() =>
        ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(History()));

    [Fact]
    public void LoginsInterleavedInAnOrderTrainingNeverShowedAreNotFlagged()
    {
        // Host-wide, each step now follows the same step of the other login ("Accepted" right after "Accepted"), which
        // the history never had; within each process the steps are the usual ones.
        var stream = Model.Value.OpenStream();
        var lines = new[]
        {
            Connected(5000, 51000), Accepted(5000), Connected(5001, 51001), Accepted(5001),
            Opened(5000), Opened(5001), Closed(5001), Closed(5000),
        };

        var verdicts = lines.Select(stream.Score).ToList();

        Assert.All(verdicts, v => Assert.False(v.IsAnomaly, string.Join(" | ", v.Explanation.Reasons)));
        Assert.All(verdicts, v => Assert.DoesNotContain(v.Explanation.Reasons, r => r.Contains("right after", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AContextProfileThatTookStepsAcrossProcessesIsRefusedSoTheHostRetrains(int version)
    {
        using var file = new MemoryStream();
        new ModelWriter(file).Write(version);
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => ContextProfile.ReadFrom(new ModelReader(file), _ => true));

        Assert.Contains($"context profile version {version} took a host stream's steps across its processes", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("retrain the host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepAProcessSkippedIsJudgedAfterThatProcesssOwnLastLine()
    {
        // The other login's line comes between them, so host-wide "session opened" follows a "Connection from", as it
        // does whenever two logins start together; in process 6000 it follows its own connection with no login.
        var stream = Model.Value.OpenStream();
        stream.Score(Connected(6000, 52000));
        stream.Score(Connected(6001, 52001));
        stream.Score(Accepted(6001));

        var verdict = stream.Score(Opened(6000));

        Assert.True(verdict.IsAnomaly, string.Join(" | ", verdict.Explanation.Reasons));
        Assert.Contains(
            verdict.Explanation.Reasons,
            r => r.StartsWith("'sshd[<*>]: pam_unix(sshd:session): session opened for user deploy' right after 'sshd[<*>]: Connection from <*> port <*>'", StringComparison.Ordinal));
    }
}

using System.Globalization;
using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A word no line of the host ever held (a unit named <c>xmrig</c> on a server whose history named four) is news in
/// proportion to how seldom the host's lines bring such words: heard on a quiet host even in a template of a few dozen
/// lines, where that template alone cannot say its words are closed; not on a host whose lines bring new words all
/// the time.
/// </summary>
public class HostNewWordTests
{
    private static readonly string[] Units = ["logrotate", "fstrim", "apt-daily", "man-db", "certbot", "sysstat", "motd-news", "e2scrub", "dpkg-db-backup", "phpsessionclean"];

    private static LogRecord Line(string message) => new(message, "INFO", "web1");

    private static LogRecord Routine(Random random) => random.Next(100) switch
    {
        < 1 => Line($"systemd[1]: Started {Units[random.Next(Units.Length)]}.service."),
        < 2 => Line($"systemd[1]: {Units[random.Next(Units.Length)]}.service: Deactivated successfully."),
        < 25 => Line("CRON[" + random.Next(1000, 9000) + "]: (root) CMD (/usr/local/bin/backup.sh)"),
        < 55 => Line($"sshd[{random.Next(1000, 9000)}]: Accepted publickey for deploy from 10.0.0.{random.Next(2, 250)} port {random.Next(30000, 60000)} ssh2"),
        _ => Line($"kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.{random.Next(2, 250)} DST=10.0.0.5 PROTO=TCP SPT={random.Next(1024, 65535)} DPT={random.Next(1, 1024)}"),
    };

    // Guessed user names: a word new to the host in one line of ten.
    private static LogRecord Guessed(Random random) =>
        Line($"sshd[{random.Next(1000, 9000)}]: Invalid user {new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + random.Next(26)))])} from 198.51.100.{random.Next(2, 250)}");

    // Lines a server writes once in a while, each with a dozen words of its own.
    private static readonly string[] OneOffs =
    [
        "kernel: e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
        "kernel: IPv4: martian source 10.0.0.255 from 10.0.0.7, on dev eth0 ll header",
        "kernel: audit: type=1400 apparmor=\"STATUS\" operation=\"profile_replace\" info=\"same as current profile, skipping\"",
        "systemd[1]: Reached target Timers, Paths, Sockets and Basic System with graphical interface pending",
    ];

    private static (IAnomalyModel Model, HostRun Run) Trained(bool guessing, bool oneOffs = false)
    {
        var random = new Random(5);
        LogRecord Next() => guessing && random.Next(10) == 0 ? Guessed(random) : Routine(random);
        var history = Enumerable.Range(0, 3000).Select(_ => Next()).ToList();
        if (oneOffs)
        {
            history.InsertRange(1500, OneOffs.Select(Line));
        }

        var model = new DefaultModelTrainer(new DetectorOptions()).Train(history, TestContext.Current.CancellationToken);
        return (model, HostRun.Of(history, HostRun.Planted(2000, 2000, Next, _ => Next())));
    }

    [Fact]
    public void AUnitNoLineOfAQuietHostNamedIsHeardAndAKnownOneIsNot()
    {
        var (model, run) = Trained(guessing: false);

        var xmrig = model.Score(Line("systemd[1]: xmrig.service: Deactivated successfully."));
        var started = model.Score(Line("systemd[1]: Started kworker-upd.service."));
        var known = model.Score(Line("systemd[1]: fstrim.service: Deactivated successfully."));

        Assert.True(xmrig.IsAnomaly, $"{xmrig.Score.ToString(CultureInfo.InvariantCulture)} {string.Join(" | ", xmrig.Explanation.Reasons)}");
        Assert.True(started.IsAnomaly, $"{started.Score.ToString(CultureInfo.InvariantCulture)} {string.Join(" | ", started.Explanation.Reasons)}");
        Assert.Contains(xmrig.Explanation.Reasons, r => r.StartsWith("word 'xmrig' never seen in this host's 3000 training lines", StringComparison.Ordinal));
        Assert.Contains(xmrig.Explanation.Reasons, r => r.Contains("never with 'xmrig' there, a word new to this host", StringComparison.Ordinal));
        Assert.False(known.IsAnomaly);
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
    }

    [Fact]
    public void AFewOneOffLinesOfManyWordsEachCountOnceAsLinesThatBroughtNewWords()
    {
        var (model, _) = Trained(guessing: false, oneOffs: true);
        var (quiet, _) = Trained(guessing: false);
        var line = Line("systemd[1]: xmrig.service: Deactivated successfully.");

        var xmrig = model.Score(line);

        // Four of 3,004 lines brought words new to the host (with one for the unseen: 0.17%), not the forty-odd words they
        // held, so the unit is news nearly as much as on the host without them (0.289 against 0.311). Whether it is
        // flagged is the bar's matter: held out, the one-off lines score 0.34 and more, and a host writing them at 13 per
        // 10,000 lines keeps its bar above most of them to stay within the budget.
        Assert.InRange(xmrig.Score, quiet.Score(line).Score - 0.03, quiet.Score(line).Score);
        Assert.Contains(xmrig.Explanation.Reasons, r => r.EndsWith("never with 'xmrig' there, a word new to this host (0.17% of its lines brought one)", StringComparison.Ordinal));
    }

    [Fact]
    public void WhereTheHostsLinesBringNewWordsRoutinelyANewUnitIsNoNews()
    {
        var (quiet, _) = Trained(guessing: false);
        var (guessing, run) = Trained(guessing: true);
        var line = Line("systemd[1]: xmrig.service: Deactivated successfully.");

        var verdict = guessing.Score(line);

        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.Contains("new to this host", StringComparison.Ordinal));
        Assert.True(verdict.Score < quiet.Score(line).Score);
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
    }

    [Fact]
    public void AUnitPeopleAcceptedAtItsPlaceIsNoNewsThoughNoLineNamedIt()
    {
        var (model, _) = Trained(guessing: false);
        var line = Line("systemd[1]: xmrig.service: Deactivated successfully.");
        var unit = Assert.Single(model.UnusualValues(line), v => v.Value.Contains("xmrig", StringComparison.Ordinal));

        var verdict = model.OpenStream(new AcceptedValues((unit.Template, unit.Parameter, unit.Value))).Score(line);

        Assert.False(verdict.IsAnomaly, string.Join(" | ", verdict.Explanation.Reasons));
        Assert.DoesNotContain(verdict.Explanation.Reasons, r => r.Contains("xmrig", StringComparison.Ordinal));
    }
}

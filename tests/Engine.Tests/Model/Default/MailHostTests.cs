using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A small site's mail server: postfix relaying (the relay's reply ends in a base64 id, digit-free one time in five),
/// IMAP logins whose session ids are base64 (so '+' and '/' cut them into letter runs that read as words), sshd turning
/// away guessed user names, cron. Nearly every IMAP line and every guessed
/// login brings a word training never saw in its template; that is this host's routine, not news, even where the
/// template is rare enough (a failed IMAP login, 1.5% of lines) that its handful of lines cannot show many words.
/// </summary>
public class MailHostTests
{
    private static readonly string[] Mailboxes = ["anna", "bob", "carla", "dave", "erik", "fiona"];

    [Fact]
    public void WordsATemplateBringsInMostOfItsLinesAreNoAlarmWhileRealFaultsAre()
    {
        var random = new Random(5);
        var history = Enumerable.Range(0, 5000).Select(_ => Normal(random)).ToList();
        var run = HostRun.Of(history, HostRun.Planted(5000, 250, () => Normal(random), k => Fault(random, k)));

        var historyWords = history.Where(h => h.Message.Contains("auth failed", StringComparison.Ordinal))
            .SelectMany(h => WordExtractor.Words(h.Message)).ToHashSet();
        var failedLoginsWithNewWords = run.Lines.Count(f => f.Line.Message.Contains("auth failed", StringComparison.Ordinal)
            && WordExtractor.Words(f.Line.Message).Any(w => !historyWords.Contains(w)));
        Assert.True(failedLoginsWithNewWords >= 10, $"only {failedLoginsWithNewWords} failed IMAP logins held a word training never saw there");
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
        Assert.All(run.Lines.Where(f => f.Fault), f => Assert.True(f.Flagged, f.Line.Message));
    }

    private static LogRecord Normal(Random random)
    {
        var roll = random.NextDouble();
        var pid = random.Next(1000, 65000);
        return new LogRecord(roll switch
        {
            < 0.15 => $"sshd[{pid}]: Invalid user {Letters(random, 3, 9)} from {Address(random)} port {random.Next(1024, 65536)}",
            < 0.25 => $"sshd[{pid}]: Failed password for invalid user {Letters(random, 3, 9)} from {Address(random)} port {random.Next(1024, 65536)} ssh2",
            < 0.40 => $"postfix/smtpd[{pid}]: connect from unknown[{Address(random)}]",
            < 0.50 => $"postfix/qmgr[1123]: {QueueId(random)}: from=<{Letters(random, 3, 9)}@example.org>, size={random.Next(800, 90000)}, nrcpt=1 (queue active)",
            < 0.55 => $"postfix/smtp[{pid}]: {QueueId(random)}: to=<{Letters(random, 3, 9)}@example.net>, relay=mx.example.net[93.184.216.34]:25, delay={random.Next(1, 30) / 10.0:0.0}, dsn=2.0.0, status=sent (250 2.0.0 OK {random.Next(1_600_000_000, 1_700_000_000)} {Session(random)[..10]} - gsmtp)",
            < 0.70 => $"dovecot: imap-login: Login: user=<{Mailbox(random)}>, method=PLAIN, rip={Address(random)}, lip=198.51.100.7, mpid={pid}, TLS, session=<{Session(random)}>",
            < 0.715 => $"dovecot: imap-login: Disconnected (auth failed, 1 attempts in {random.Next(2, 9)} secs): user=<{Mailbox(random)}>, method=PLAIN, rip={Address(random)}, lip=198.51.100.7, TLS, session=<{Session(random)}>",
            < 0.90 => $"CRON[{pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
            _ => $"CRON[{pid}]: pam_unix(cron:session): session closed for user root",
        });
    }

    private static LogRecord Fault(Random random, int index) => new((index % 5) switch
    {
        0 => $"kernel: [{random.Next(100000, 9999999)}.123456] Out of memory: Killed process {random.Next(1000, 65000)} (clamd) total-vm:1843212kB, anon-rss:1203344kB",
        1 => "kernel: [8812345.654321] EXT4-fs error (device vda1): ext4_find_entry:1463: inode #1835010: comm postfix/qmgr: reading directory lblock 0",
        2 => $"postfix/smtpd[{random.Next(1000, 65000)}]: warning: not enough free space in mail queue: 0 bytes < 1.5*message size limit",
        3 => $"dovecot: imap({Mailbox(random)})<{random.Next(1000, 65000)}><{Session(random)}>: Error: write(/var/mail/{Mailbox(random)}) failed: No space left on device",
        _ => $"postfix/trivial-rewrite[{random.Next(1000, 65000)}]: fatal: open database /etc/postfix/virtual.db: No such file or directory",
    });

    private static string Mailbox(Random random) => Mailboxes[random.Next(Mailboxes.Length)];

    private static string Address(Random random) => $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

    private static string QueueId(Random random) => string.Concat(Enumerable.Range(0, 10).Select(_ => "0123456789ABCDEF"[random.Next(16)]));

    private static string Letters(Random random, int min, int max) =>
        string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => (char)('a' + random.Next(26))));

    /// <summary>Twelve random bytes in base64, as dovecot names a session.</summary>
    private static string Session(Random random)
    {
        var bytes = new byte[12];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }
}

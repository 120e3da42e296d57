using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A public web server: access lines at INFO, and, as on any server facing the internet, scanners probing for paths it
/// does not have, each probe an ERROR line of nginx's error log ("open() ... failed (2: No such file or directory)")
/// naming a path often never seen before. Those errors are the host's routine. A request answered with a 502 or 504,
/// a status far outside the 200-404 its access lines had, is a fault, though it is written at INFO.
/// </summary>
public class ScannedWebServerTests
{
    private static readonly string[] Words = ["shoes", "jacket", "coffee", "lamp", "garden", "travel", "cotton", "watch", "cable", "recipe", "summer", "vintage"];
    private static readonly string[] Probes = ["/wp-login.php", "/.env", "/.git/config", "/xmlrpc.php", "/HNAP1/", "/phpmyadmin/index.php", "/boaform/admin/formLogin"];

    // The plugins scanners look for: enough that a history of weeks has not seen every probe yet.
    private static readonly string[] Plugins =
    [
        "akismet", "jetpack", "wordfence", "yoast", "elementor", "woocommerce", "contact-form-7", "wpforms", "duplicator", "revslider",
        "backup", "updraft", "wp-file-manager", "litespeed", "really-simple-ssl", "classic-editor", "redirection", "smush", "sucuri", "ninja-forms",
        "mailchimp", "tablepress", "polylang", "loco", "wp-super-cache", "w3-total-cache", "autoptimize", "cookie-notice", "gdpr", "members",
        "bbpress", "buddypress", "learnpress", "give", "easy-wp-smtp", "wp-mail-smtp", "all-in-one-seo", "rank-math", "social-warfare", "wp-statistics",
    ];

    [Fact]
    public void UpstreamFailuresAtInfoAreCaughtWhileScannerProbesOfNewPathsStayQuiet()
    {
        var random = new Random(5);
        var history = Enumerable.Range(0, 6000).Select(_ => Normal(random)).ToList();
        var run = HostRun.Of(history, HostRun.Planted(4000, 200, () => Normal(random), k => Failed(random, k)));

        var probedPaths = history.Where(h => h.Level == "ERROR").Select(h => PathOf(h.Message)).ToHashSet();
        var newProbes = run.Lines.Where(l => !l.Fault && l.Line.Level == "ERROR" && !probedPaths.Contains(PathOf(l.Line.Message))).ToList();
        Assert.True(newProbes.Count >= 3, $"only {newProbes.Count} probes named a path training never saw");
        Assert.All(newProbes, l => Assert.False(l.Flagged, l.Line.Message));
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
        Assert.All(run.Lines.Where(l => l.Fault), l => Assert.True(l.Flagged, l.Line.Message));
    }

    [Fact]
    public void ARoutineTemplatesOwnLevelCountsAsTheHostsUsualOneARareTemplatesInFull()
    {
        var random = new Random(5);
        var history = Enumerable.Range(0, 6000).Select(_ => Normal(random)).ToList();
        var reset = new LogRecord("kernel: ata1: hard resetting link", "ERROR");
        history.InsertRange(3000, [reset, reset, reset]);
        var model = (DefaultModel)new DefaultModelTrainer(new DetectorOptions()).Train(history, TestContext.Current.CancellationToken);

        // Level ERROR, softened by the host's 12% of lines at ERROR, counts in full where the template never wrote it.
        var access = new LogRecord("nginx-access 10.1.2.3 - - \"GET /shop/lamp-cable HTTP/1.1\" 200 5120 \"-\" \"curl/8.5.0\"", "ERROR");
        var full = Assert.Single(model.Evidence(access), e => e.Kind == EvidenceKind.Severity);
        Assert.InRange(full.Value, 0.6, 0.75);
        Assert.DoesNotContain("this template", full.Reason, StringComparison.Ordinal);

        // The probe's template wrote every training line at ERROR and is routine (12% of the lines): it counts as the
        // level most of the host's lines carry (INFO: 0.05, halved as every line is at INFO or above), which every
        // line's score holds, and the reason says so.
        var probe = Assert.Single(model.Evidence(Probe(random, "/wp-content/plugins/lamp-garden/readme.txt")), e => e.Kind == EvidenceKind.Severity);
        Assert.Equal(0.05 * (1 - (0.5 * 1.0)), probe.Value, 3);
        Assert.Contains($"this routine template's lines were written at it or above in training, so {probe.Value / full.Value:0.##%} of it counts", probe.Reason, StringComparison.Ordinal);

        // A template seen 3 times in 6,003 lines is rare, and a rare ERROR is more telling than a rare INFO: in full.
        Assert.Equal(full.Value, Assert.Single(model.Evidence(reset), e => e.Kind == EvidenceKind.Severity).Value);
    }

    [Fact]
    public void ARoutineTemplateWrittenAtTwoLevelsKeepsTheSeverityOfItsLinesBelowTheOne()
    {
        // A routine request line written at INFO, and as a WARN for one request in five (slow ones): a WARN of it is news
        // only for the share of its lines written below WARN, and the reason says how much counts.
        var random = new Random(3);
        var history = Enumerable.Range(0, 3000).Select(i => i % 5 == 0
            ? new LogRecord($"app[7]: request {random.Next(1, 9999)} served in {random.Next(900, 3000)} ms", "WARN")
            : new LogRecord($"app[7]: request {random.Next(1, 9999)} served in {random.Next(5, 400)} ms", "INFO")).ToList();
        var model = (DefaultModel)new DefaultModelTrainer(new DetectorOptions()).Train(history, TestContext.Current.CancellationToken);

        var slow = Assert.Single(model.Evidence(new LogRecord("app[7]: request 42 served in 1500 ms", "WARN")), e => e.Kind == EvidenceKind.Severity);
        // WARN 0.4, softened by the host's 20% of lines at WARN to 0.36; 80% of the template's lines were below WARN.
        Assert.Equal(0.4 * 0.9 * 0.8, slow.Value, 3);
        Assert.Contains("this routine template's lines were written at it or above in training, so 80% of it counts", slow.Reason, StringComparison.Ordinal);
    }

    private static LogRecord Normal(Random random) => random.NextDouble() switch
    {
        < 0.78 => Access(random, $"/shop/{Word(random)}-{Word(random)}", random.NextDouble() < 0.85 ? 200 : 304, random.Next(300, 90_000)),
        < 0.85 => Access(random, Probes[random.Next(Probes.Length)], 404, 162),
        < 0.97 => Probe(random, random.NextDouble() < 0.9 ? Probes[random.Next(Probes.Length)] : $"/wp-content/plugins/{Plugins[random.Next(Plugins.Length)]}/readme.txt"),
        _ => new LogRecord($"sshd[{random.Next(1000, 60000)}]: Invalid user {Word(random)} from {Address(random)} port {random.Next(1024, 65535)}", "INFO"),
    };

    private static LogRecord Failed(Random random, int index) =>
        Access(random, $"/shop/{Word(random)}-{Word(random)}", index % 2 == 0 ? 502 : 504, index % 2 == 0 ? 552 : 562);

    private static LogRecord Access(Random random, string path, int status, int size) =>
        new($"nginx-access {Address(random)} - - \"GET {path} HTTP/1.1\" {status} {size} \"-\" \"{(random.NextDouble() < 0.7 ? "Mozilla/5.0" : "curl/8.5.0")}\"", "INFO");

    private static LogRecord Probe(Random random, string path) => new(
        $"nginx-error [error] 1021#1021: *{random.Next(1, 999_999)} open() \"/usr/share/nginx/html{path}\" failed (2: No such file or directory), client: {Address(random)}, server: shop.example.com, request: \"GET {path} HTTP/1.1\"",
        "ERROR");

    private static string PathOf(string probe) => probe[(probe.IndexOf("html", StringComparison.Ordinal) + 4)..probe.IndexOf('"', probe.IndexOf("html", StringComparison.Ordinal))];

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Address(Random random) => $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";
}

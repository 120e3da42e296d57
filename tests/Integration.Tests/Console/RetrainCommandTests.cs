using Lad.Client.Commands;
using Lad.Grains.Abstractions.Detection;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class RetrainCommandTests(MongoServerFixture server)
{
    private static readonly RetrainWait Patient = new(ConsoleScenario.Wait, TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task WaitReturnsOnceTheNewModelIsInUse()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("rt_in"), MongoServerFixture.NewDatabaseName("rt_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        var before = await lad.WaitDetectingAsync(Network, "cumulus");

        var (code, output) = await lad.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "cumulus", Piped(c).Console, Patient));

        Assert.Equal(0, code);
        var after = await cluster.Host(Network, "cumulus").GetStatusAsync();
        Assert.Equal(before.Trainings + 1, after.Trainings); // returned only once the new model was swapped in
        Assert.Equal(before.ModelVersion + 1, after.ModelVersion);
        var last = output.Text.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"{Network}/cumulus: model version {after.ModelVersion} in use after ", last);
        Assert.Contains("(100 lines,", last);

        // A retraining that fails (its history is gone) ends the wait with why, the durations rounded; the old model stays.
        await server.Client.GetDatabase(inputDb).GetCollection<MongoDB.Bson.BsonDocument>(Network)
            .DeleteManyAsync(MongoDB.Driver.FilterDefinition<MongoDB.Bson.BsonDocument>.Empty, TestContext.Current.CancellationToken);
        var (failedCode, failed) = await lad.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "cumulus", Piped(c).Console, Patient));
        Assert.Equal(1, failedCode);
        Assert.Matches(
            @"^lad retrain: network_logs/cumulus: training failed \(no usable documents for host 'cumulus' in 'network_logs' over the last \d+(\.\d)? (d|h|min|s) \(TRAIN_TIME_SPAN\)\); retry in [\d.]+ s; model version 2 stays in use$",
            failed.Error.ToString().TrimEnd());

        var (unknown, refused) = await lad.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "nobody", Piped(c).Console, Patient));
        Assert.Equal(1, unknown);
        Assert.Contains("lad retrain: host: network_logs/nobody is not a registered host", refused.Error.ToString());
    }

    [Fact]
    public async Task PipedProgressIsOneLinePerChangeEndingWithTheModelInUse()
    {
        var console = Piped(new CapturedConsole());
        var statuses = new Queue<HostStatus>([Status(1, running: true), Status(1, running: true), Status(1, running: true), Status(2, running: false)]);

        var code = await new RetrainWait(TimeSpan.FromHours(1), TimeSpan.Zero).RunAsync(
            () => Task.FromResult(statuses.Dequeue()), 1, console.Console, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var lines = console.Text.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length); // three identical looks at a running retraining print once
        Assert.StartsWith("network_logs/cumulus: retraining, model version 1 in use, host detecting (retraining), 0 s so far", lines[0]);
        Assert.StartsWith("network_logs/cumulus: model version 2 in use after ", lines[1]);
        Assert.EndsWith("(500 lines, 7 templates, threshold 0.447)", lines[1].TrimEnd()); // rounded, not 0.44669...
    }

    [Fact]
    public async Task OnATerminalTheProgressIsALiveStatusAndTheOutcomeALine()
    {
        var output = new StringWriter();
        var terminal = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Ansi = Spectre.Console.AnsiSupport.Yes,
            Interactive = Spectre.Console.InteractionSupport.Yes,
        });
        var statuses = new Queue<HostStatus>([Status(1, running: true), Status(1, running: true), Status(2, running: false)]);

        var code = await new RetrainWait(TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(50)).RunAsync(
            () => Task.FromResult(statuses.Dequeue()), 1, terminal, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Contains("network_logs/cumulus: model version 2 in use after ", output.ToString());
        Assert.Contains("\u001b[", output.ToString()); // drawn and redrawn in place, not printed line by line
    }

    [Fact]
    public async Task AFailedRetrainingIsARefusalNamingWhyAndATimeoutExitsThree()
    {
        var failed = new CapturedConsole();
        var statuses = new Queue<HostStatus>([Status(1, running: true), Status(1, running: false, "training failed (no lines); retry in 5 s")]);
        var code = await ClusterCommandGuard(failed, () => new RetrainWait(TimeSpan.FromHours(1), TimeSpan.Zero).RunAsync(
            () => Task.FromResult(statuses.Dequeue()), 1, Piped(failed).Console, TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.Equal(1, code);
        Assert.Equal("lad retrain: network_logs/cumulus: training failed (no lines); retry in 5 s; model version 1 stays in use",
            failed.Error.ToString().TrimEnd());

        var slow = Piped(new CapturedConsole());
        var timedOut = await ClusterCommandGuard(slow, () => new RetrainWait(TimeSpan.Zero, TimeSpan.Zero).RunAsync(
            () => Task.FromResult(Status(1, running: true)), 1, slow.Console, TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.Equal(3, timedOut);
        Assert.StartsWith("lad retrain: network_logs/cumulus: gave up waiting after ", slow.Error.ToString());
        Assert.Contains("the retraining goes on", slow.Error.ToString());
    }

    [Fact]
    public void AHostWithoutAModelKeepsRetryingSoItsFailureIsNotTheEnd()
    {
        Assert.Equal(RetrainState.Running, RetrainStates.Of(Status(0, running: false, "training failed (x); retry in 5 s") with { Phase = DetectorPhase.Failed }, 0));
        Assert.Equal(RetrainState.Running, RetrainStates.Of(Status(1, running: true, "training failed (x); retry in 5 s"), 1)); // an old failure, retried now
        Assert.Equal(RetrainState.Failed, RetrainStates.Of(Status(1, running: false, "training failed (x); retry in 5 s"), 1));
        Assert.Equal(RetrainState.Done, RetrainStates.Of(Status(2, running: false), 1));
    }

    private static Task<int> ClusterCommandGuard(CapturedConsole console, Func<Task<int>> run) =>
        Lad.Client.Cluster.ClusterCommand.GuardAsync("retrain", console.Error, run);

    private static CapturedConsole Piped(CapturedConsole console)
    {
        console.Console.Profile.Capabilities.Interactive = false;
        return console;
    }

    private static HostStatus Status(int trainings, bool running, string? reason = null) => new(
        new HostKey(Network, "cumulus"), DetectorPhase.Detecting, reason, trainings, trainings, DateTime.UtcNow, 500, 7,
        0.4466921054720879, running, 0, 0, null, "", new Dictionary<string, long>(), new Dictionary<string, long>());
}

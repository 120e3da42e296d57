using System.Globalization;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Detection;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>Waits, for <c>lad retrain --wait</c>, until a host's new model is in use: a live status line on a terminal,
/// a plain line per change when the output is piped or redirected (a log or a script reads whole lines).</summary>
/// <param name="Timeout">How long to wait before giving up (the retraining goes on in the cluster).</param>
/// <param name="Interval">How long to pause between two looks at the host's status.</param>
internal sealed record RetrainWait(TimeSpan Timeout, TimeSpan Interval)
{
    /// <summary>The pause between looks when the command runs for a person or a script.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    // A piped waiter repeats an unchanged state this often, so a log shows the wait is alive.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="status"/> until the host's completed trainings exceed <paramref name="trainingsBefore"/>.</summary>
    /// <returns><see cref="ExitCodes.Ok"/> once the new model is in use.</returns>
    /// <exception cref="Lad.Grains.Abstractions.LadRequestException">The retraining failed; the old model stays in use.</exception>
    /// <exception cref="Lad.Client.Cluster.WaitTimedOutException">Past <see cref="Timeout"/>.</exception>
    public async Task<int> RunAsync(
        Func<Task<HostStatus>> status, int trainingsBefore, IAnsiConsole console, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // A live display needs a terminal to redraw on: output piped or redirected has no ANSI, whatever stdin is.
        if (console.Profile.Capabilities is { Interactive: true, Ansi: true })
        {
            return await console.Status().StartAsync("retraining", context =>
                LoopAsync(status, trainingsBefore, console, time, started,
                    (state, elapsed) => context.Status = Markup.Escape($"{state}, {DurationText.Of(elapsed)} so far"), cancellationToken));
        }

        string? last = null;
        var lastWritten = started;
        return await LoopAsync(status, trainingsBefore, console, time, started, (state, elapsed) =>
        {
            if (state != last || time.GetElapsedTime(lastWritten) >= Heartbeat)
            {
                console.WriteLine($"{state}, {DurationText.Of(elapsed)} so far");
                (last, lastWritten) = (state, time.GetTimestamp());
            }
        }, cancellationToken);
    }

    private async Task<int> LoopAsync(
        Func<Task<HostStatus>> status, int trainingsBefore, IAnsiConsole console, TimeProvider time, long started,
        Action<string, TimeSpan> progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await status();
            var elapsed = time.GetElapsedTime(started);
            switch (RetrainStates.Of(current, trainingsBefore))
            {
                case RetrainState.Done:
                    console.WriteLine($"{current.Host}: model version {current.ModelVersion} in use after {DurationText.Of(elapsed)} " +
                                      $"({current.LinesTrainedOn.ToString(CultureInfo.InvariantCulture)} lines, {current.Templates.ToString(CultureInfo.InvariantCulture)} templates, " +
                                      $"threshold {ThresholdsText.Of(current.Threshold, null, "0.###")})");
                    return ExitCodes.Ok;
                case RetrainState.Failed:
                    throw new Lad.Grains.Abstractions.LadRequestException(
                        $"{current.Host}: {current.Reason}; model version {current.ModelVersion} stays in use");
            }

            if (elapsed >= Timeout)
            {
                throw new Lad.Client.Cluster.WaitTimedOutException(
                    $"{current.Host}: gave up waiting after {DurationText.Of(elapsed)}; the retraining goes on ({HostsCommand.StateText(current)})");
            }

            progress($"{current.Host}: retraining, model version {current.ModelVersion} in use, host {HostsCommand.StateText(current)}", elapsed);
            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}

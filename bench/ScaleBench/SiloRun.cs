using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lad.ScaleBench;

/// <summary>Runs the real silo as a child process in file mode on one host count's log and measures it: time and CPU
/// until every host is trained, then RSS after it has idled, then the managed heap after a collection.</summary>
internal static class SiloRun
{
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(100);

    public static async Task<CountFigures> MeasureAsync(ScaleOptions options, int hosts, string logPath, string directory)
    {
        var state = Path.Combine(directory, "state");
        var config = Path.Combine(directory, "silo.yaml");
        await File.WriteAllTextAsync(config, Configuration(logPath, Path.Combine(directory, "anomalies.ndjson"), state));
        var start = new ProcessStartInfo("dotnet", [options.SiloPath, "--config", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = directory,
        };

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.SiloPath}");
        ProcessSample? atTrained = null;
        // Read on the log's own thread at the line that completes the count, so CPU time is not late by a poll.
        var log = new SiloLog(hosts, () => atTrained = ProcessSample.Read(process.Id));
        process.ErrorDataReceived += (_, e) => log.Add(e.Data, clock.Elapsed);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var timeout = TimeSpan.FromMinutes(options.TimeoutMinutes);
            while (!log.Finished || atTrained is null)
            {
                if (process.HasExited || log.TrainingFailure is not null || clock.Elapsed > timeout)
                {
                    var why = process.HasExited ? $"the silo exited ({process.ExitCode})"
                        : log.TrainingFailure is not null ? "the silo's training failed" : $"not trained after {options.TimeoutMinutes} min";
                    throw new InvalidOperationException(
                        $"{hosts:N0} hosts: {why}; {log.Trained:N0} trained, {log.Failed:N0} failed. The silo's last lines:\n{log.Tail}");
                }

                await Task.Delay(PollPause);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{hosts:N0} hosts trained after {clock.Elapsed.TotalSeconds:0.0} s; idling {options.SettleSeconds} s"));
            // The first half lets the silo finish what follows the last host's line (storing every model in one state
            // file); the idle CPU figure is the second half's alone.
            var half = TimeSpan.FromSeconds(options.SettleSeconds / 2.0);
            await Task.Delay(half);
            var settled = ProcessSample.Read(process.Id) ?? throw new InvalidOperationException($"the silo exited while idle:\n{log.Tail}");
            await Task.Delay(half);
            var idle = ProcessSample.Read(process.Id) ?? throw new InvalidOperationException($"the silo exited while idle:\n{log.Tail}");
            var heap = await HeapReader.ReadAsync(process.Id);
            return new CountFigures(
                hosts,
                log.Trained,
                log.Failed,
                new FileInfo(logPath).Length,
                Seconds(log.FirstTrained) - Seconds(log.TrainingStarted),
                Seconds(log.LastTrained) - Seconds(log.FirstTrained),
                Seconds(log.LastTrained),
                atTrained.Cpu.TotalSeconds,
                (idle.Cpu - settled.Cpu).TotalSeconds / half.TotalSeconds,
                idle.RssBytes,
                idle.PeakRssBytes,
                DirectorySize(state),
                heap,
                log.Problems,
                log.FirstProblems);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    // POLL_INTERVAL 1 s: the grain notices its finished training at its next tick, so a longer interval would add up
    // to that much to the measured time. Ports are free ones, so a daemon already on the machine does not clash.
    private static string Configuration(string input, string output, string state)
    {
        var ports = FreePorts(2);
        return string.Create(CultureInfo.InvariantCulture, $"""
        STORAGE_DATASOURCE: local
        STORAGE_DATASINK: local
        LS_INPUT_PATH: "{input}"
        LS_OUTPUT_PATH: "{output}"
        MODEL_DIR: "{state}"
        CLUSTERING: localhost
        SILO_PORT: {ports[0]}
        GATEWAY_PORT: {ports[1]}
        HTTP_PORT: 0
        POLL_INTERVAL: 1
        """);
    }

    // All listeners stay open until every port is known, so no two of them are the same port.
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static double Seconds(TimeSpan? at) => at?.TotalSeconds ?? double.NaN;

    private static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}

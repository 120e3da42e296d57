using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lad.Integration.Tests.Deploy;

namespace Lad.Integration.Tests.Files;

/// <summary>The real <c>lad-silo</c> in its database-free mode, with standard output and standard error kept apart.</summary>
internal sealed partial class LocalSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private LocalSilo(string config)
    {
        var build = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var silo = RepositoryFiles.PathOf($"src/Silo/bin/{build.Parent!.Name}/{build.Name}/lad-silo.dll");
        var start = new ProcessStartInfo("dotnet", [silo, "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("LAD_CONFIG");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => { if (line.Data is { } text) { _output.Enqueue(text); } };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { _error.Enqueue(text); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What the silo wrote to standard output, line by line.</summary>
    public IReadOnlyList<string> Output => _output.ToList();

    /// <summary>What the silo wrote to standard error (its log), line by line.</summary>
    public IReadOnlyList<string> Error => _error.ToList();

    public static LocalSilo Start(string config) => new(config);

    /// <summary>The line ranges the detector logged as read and scored, in order.</summary>
    public IReadOnlyList<(long First, long Last, int Scored)> Batches() =>
        Error.Select(l => BatchLine().Match(l)).Where(m => m.Success)
            .Select(m => (long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Stops the silo as systemd does (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the silo at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"read (\d+) lines \((\d+)-(\d+)\), scored (\d+)")]
    private static partial Regex BatchLine();
}

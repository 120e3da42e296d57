using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lad.Silo.Demo;

/// <summary>jongodb, the in-memory MongoDB-speaking server the repository pins in <c>package.json</c> for its tests
/// (<c>npm ci</c> installs it under <c>node_modules</c>), run as a child process for the demo; nothing is written to
/// disk and everything is gone when it stops.</summary>
internal sealed class JongodbServer : IAsyncDisposable
{
    /// <summary>Where <c>npm ci</c> puts the server, relative to the repository root.</summary>
    public const string RelativePath = "node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb";

    private const string UriPrefix = "JONGODB_URI=";
    private readonly Process _process;

    private JongodbServer(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    /// <summary>A connection string to the running server.</summary>
    public string ConnectionString { get; }

    /// <summary>The server binary under the current directory or the program's folder, or one of their parents; null when
    /// <c>npm ci</c> has not been run.</summary>
    public static string? Find() =>
        new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .SelectMany(start => Parents(new DirectoryInfo(start)))
            .Select(dir => Path.Combine(dir.FullName, RelativePath))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts the server <c>npm ci</c> installed (see <see cref="Find"/>), as the benchmarks do.</summary>
    /// <exception cref="InvalidOperationException">It is not installed, or did not start.</exception>
    public static Task<JongodbServer> StartInstalledAsync() => StartAsync(Find() ?? throw new InvalidOperationException(
        $"jongodb not found: run `npm ci --no-audit --no-fund` in the repository root (it installs {RelativePath}), or name a MongoDB to use"));

    /// <summary>Starts <paramref name="binary"/> on a free loopback port and waits (30 s at most) until it says where.</summary>
    /// <exception cref="InvalidOperationException">The server exited or did not say where it listens.</exception>
    public static async Task<JongodbServer> StartAsync(string binary)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(binary, ["--host=127.0.0.1", "--port=0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(UriPrefix, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(e.Data[UriPrefix.Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"jongodb ({binary}) exited before it was ready: {string.Join(" | ", errors)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var uri = new MongoDB.Driver.MongoUrl(await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            return new JongodbServer(process, $"mongodb://{uri.Server.Host}:{uri.Server.Port}/?directConnection=true");
        }
        catch (TimeoutException)
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"jongodb ({binary}) did not say where it listens within 30 s");
        }
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static IEnumerable<DirectoryInfo> Parents(DirectoryInfo? dir)
    {
        for (; dir is not null; dir = dir.Parent)
        {
            yield return dir;
        }
    }
}

using System.Diagnostics;

namespace Lad.Bench.Shared;

/// <summary>Starts the repository's pinned jongodb (installed by <c>npm ci</c>) on a free local port.</summary>
internal sealed class JongodbServer : IDisposable
{
    private const string RelativePath = "node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb";
    private readonly Process _process;

    private JongodbServer(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<JongodbServer> StartAsync()
    {
        var binary = Find() ?? throw new InvalidOperationException(
            $"jongodb not found: run `npm ci` in the repository root ({RelativePath}) or pass --mongo-uri");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
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
            if (e.Data?.StartsWith("JONGODB_URI=", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(e.Data["JONGODB_URI=".Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("jongodb exited before it was ready"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var uri = new MongoDB.Driver.MongoUrl(await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        return new JongodbServer(process, $"mongodb://{uri.Server.Host}:{uri.Server.Port}/?directConnection=true");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

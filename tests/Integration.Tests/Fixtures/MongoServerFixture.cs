using System.Diagnostics;
using System.Runtime.InteropServices;
using MongoDB.Driver;

[assembly: AssemblyFixture(typeof(Lad.Integration.Tests.Fixtures.MongoServerFixture))]

namespace Lad.Integration.Tests.Fixtures;

/// <summary>A MongoDB-speaking server for the whole test assembly: <c>LAD_TEST_MONGODB_URI</c> when set,
/// otherwise jongodb started from the repository's <c>node_modules</c> (installed by <c>npm ci</c>).</summary>
/// <remarks>The provider conformance suites pin one server each through <see cref="JongodbServerFixture"/> and
/// <see cref="RealMongoServerFixture"/>, so they run on both whatever the variable says.</remarks>
public class MongoServerFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming a real MongoDB for the tests.</summary>
    public const string UriVariable = "LAD_TEST_MONGODB_URI";
    private const string JongodbRelativePath = "node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb";
    private const int SigTerm = 15;

    private readonly MongoServerChoice _choice;
    private Process? _server;
    private string? _skipReason;
    private MongoClient? _client;

    /// <summary>The assembly's server: <c>LAD_TEST_MONGODB_URI</c> when set, otherwise jongodb.</summary>
    public MongoServerFixture()
        : this(MongoServerChoice.UriOrJongodb)
    {
    }

    /// <summary>A server of the given kind.</summary>
    /// <param name="choice">Which server to use.</param>
    protected MongoServerFixture(MongoServerChoice choice) => _choice = choice;

    /// <summary>The connection string tests use.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A client to the server; skips the calling test when no server is available.</summary>
    public MongoClient Client
    {
        get
        {
            Assert.SkipWhen(_skipReason is not null, _skipReason ?? "");
            return _client!;
        }
    }

    /// <summary>A database name never used before (jongodb cannot drop databases, so each test takes its own).</summary>
    public static string NewDatabaseName(string purpose) => $"lad_{purpose[..Math.Min(purpose.Length, 20)]}_{Guid.NewGuid():N}";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(external) && _choice != MongoServerChoice.JongodbOnly)
        {
            ConnectionString = external;
        }
        else if (_choice == MongoServerChoice.UriOnly)
        {
            _skipReason = $"No real MongoDB: set {UriVariable} to a mongod connection string to run this suite on one (it runs on jongodb as well).";
            return;
        }
        else
        {
            var binary = await FindOrInstallJongodbAsync();
            if (binary is null)
            {
                _skipReason = $"No MongoDB server: jongodb ({JongodbRelativePath}) is not installed and `npm ci` could not install it "
                              + $"(is Node.js/npm on PATH?); run `npm ci` in the repository root, or set {UriVariable} to a MongoDB connection string.";
                return;
            }

            ConnectionString = await StartJongodbAsync(binary);
        }

        _client = new MongoClient(ConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is null)
        {
            return;
        }

        if (!_server.HasExited)
        {
            _ = Kill(_server.Id, SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _server.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _server.Kill();
            }
        }

        _server.Dispose();
    }

    // The README promises one command for the whole suite, so a fresh clone installs the pinned server itself.
    private static async Task<string?> FindOrInstallJongodbAsync()
    {
        var root = FindRepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var binary = Path.Combine(root, JongodbRelativePath);
        if (!File.Exists(binary) && File.Exists(Path.Combine(root, "package-lock.json")))
        {
            await TryNpmCiAsync(root);
        }

        return File.Exists(binary) ? binary : null;
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lad.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static async Task TryNpmCiAsync(string root)
    {
        try
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (npm is null)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await Task.WhenAll(npm.StandardOutput.ReadToEndAsync(timeout.Token), npm.StandardError.ReadToEndAsync(timeout.Token));
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            // No npm on PATH or no registry in reach: the caller skips with a message saying what to do.
        }
    }

    private async Task<string> StartJongodbAsync(string binary)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server = new Process
        {
            StartInfo = new ProcessStartInfo(binary, ["--host=127.0.0.1", "--port=0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("JONGODB_URI=", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(e.Data["JONGODB_URI=".Length..].Trim());
            }
        };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        _server.EnableRaisingEvents = true;
        _server.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"jongodb ({binary}) exited before it was ready: {string.Join(" | ", errors)}"));
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var uri = new MongoUrl(await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        return $"mongodb://{uri.Server.Host}:{uri.Server.Port}/?directConnection=true";
    }

    // Process.Kill sends SIGKILL; SIGTERM lets jongodb shut down cleanly.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

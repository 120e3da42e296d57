using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.MySql;
using MySqlConnector;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>The test classes that share one MariaDB server.</summary>
[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "MariaDB";
}

/// <summary>A real MariaDB server (Debian's <c>mariadb-server</c>) of its own: a data directory made by
/// <c>mariadb-install-db</c> in a temporary folder, <c>mariadbd</c> on 127.0.0.1 at a free port, and a password user the
/// tests connect as over TCP; stopped and deleted at the end. Tests skip, saying why, when the server is not installed.</summary>
public sealed class MariaDbServerFixture : IAsyncLifetime
{
    private const string Server = "/usr/sbin/mariadbd";
    private const string InstallDb = "/usr/bin/mariadb-install-db";
    private const int SigTerm = 15;

    private Process? _server;
    private string? _directory;
    private string? _skipReason;

    /// <summary>The user the tests (and the daemon under test) connect as.</summary>
    public string User => "lad_test";

    /// <summary>That user's password.</summary>
    public string Password => "lad-test-password";

    /// <summary>The server's TCP port on 127.0.0.1; skips the calling test when there is no server.</summary>
    public int Port
    {
        get
        {
            Assert.SkipWhen(_skipReason is not null, _skipReason ?? "");
            return _port;
        }
    }

    private int _port;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Server) || !File.Exists(InstallDb))
        {
            _skipReason = $"No MariaDB server: {Server} is not installed; apt-get install mariadb-server (.ci/run does, as root)";
            return;
        }

        _directory = Directory.CreateTempSubdirectory("lad-mariadb-").FullName;
        var data = Path.Combine(_directory, "data");
        var root = geteuid() == 0;
        // mariadbd refuses to run as root unless told to; CI runs as root.
        var asRoot = root ? new[] { "--user=root" } : [];
        await RunAsync(InstallDb, ["--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db", .. asRoot]);

        _port = FreePort();
        var socket = Path.Combine(_directory, "mariadbd.sock");
        var start = new ProcessStartInfo(Server)
        {
            ArgumentList =
            {
                "--no-defaults", $"--datadir={data}", $"--socket={socket}", $"--port={_port}", "--bind-address=127.0.0.1",
                "--skip-name-resolve", $"--pid-file={Path.Combine(_directory, "mariadbd.pid")}",
                $"--log-error={Path.Combine(_directory, "error.log")}", "--innodb-buffer-pool-size=32M", "--max-connections=200",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in asRoot)
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException($"{Server} did not start");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var admin = new MySqlConnectionStringBuilder { Server = socket, ConnectionProtocol = MySqlConnectionProtocol.UnixSocket, UserID = "root", Pooling = false }
            .ConnectionString;
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(admin);
                await connection.OpenAsync();
                await using var command = new MySqlCommand(
                    $"CREATE USER '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL PRIVILEGES ON *.* TO '{User}'@'%';", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (MySqlException) when (started.Elapsed < TimeSpan.FromSeconds(60) && !_server.HasExited)
            {
                await Task.Delay(200);
            }
            catch (MySqlException e)
            {
                throw new InvalidOperationException($"{Server} did not come up: {e.Message}; {ErrorLogTail()}", e);
            }
        }
    }

    /// <summary>Creates a database never used before and returns its name.</summary>
    public async Task<string> NewDatabaseAsync(string purpose)
    {
        var name = $"lad_{purpose[..Math.Min(purpose.Length, 20)]}_{Guid.NewGuid():N}";
        await using var connection = new MySqlConnection(ConnectionString(""));
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>The test server's <paramref name="database"/> as the daemon's configuration would name it.</summary>
    public MySqlEndpoint Endpoint(string database) => new("127.0.0.1", Port, User, Password, database);

    /// <summary>Connections to <paramref name="database"/> with LAD's session settings.</summary>
    public MySqlConnections Connections(string database) => MySqlConnections.For(Endpoint(database));

    /// <summary>Runs statements in <paramref name="database"/>; returns the last id an insert made.</summary>
    public async Task<long> ExecuteAsync(string database, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Connections(database).OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return command.LastInsertedId;
    }

    /// <summary>Reads every row of a query, each as column name to value.</summary>
    public async Task<List<Dictionary<string, object?>>> QueryAsync(string database, string sql)
    {
        await using var connection = await Connections(database).OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _ = kill(_server.Id, SigTerm);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string ConnectionString(string database) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1", Port = (uint)Port, UserID = User, Password = Password, Database = database,
    }.ConnectionString;

    private string ErrorLogTail() =>
        _directory is not null && File.Exists(Path.Combine(_directory, "error.log"))
            ? string.Join(" | ", File.ReadLines(Path.Combine(_directory, "error.log")).TakeLast(5))
            : "no error log";

    private static async Task RunAsync(string binary, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
                            ?? throw new InvalidOperationException($"{binary} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{binary} exited with {process.ExitCode}: {await errors} {await output}");
        }
    }

    private static int FreePort() => FreePorts.Next();

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

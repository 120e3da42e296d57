using System.Diagnostics;
using Lad.Integration.Tests.Daemon;

namespace Lad.Integration.Tests.Alerts;

/// <summary>A real Prometheus Alertmanager (Debian's <c>prometheus-alertmanager</c>) on 127.0.0.1, with its own config and
/// storage in a temporary directory, no clustering, and one route that notifies <paramref name="notifyUrl"/> of firing
/// and resolved alerts within a second.</summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    /// <summary>Skips the test when the binary is absent (<c>.ci/run</c> installs it as root).</summary>
    public static void SkipUnlessInstalled() =>
        Assert.SkipWhen(!File.Exists(Binary), $"{Binary} is not installed: apt-get install prometheus-alertmanager (.ci/run does, as root)");

    public static async Task<AlertmanagerProcess> StartAsync(string notifyUrl)
    {
        var directory = Directory.CreateTempSubdirectory("lad-alertmanager-").FullName;
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: capture
              group_by: ['incident']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: capture
                webhook_configs:
                  - url: '{notifyUrl}'
                    send_resolved: true
            """);
        var port = WebhookReceiver.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new AlertmanagerProcess(process, directory, port);
        using var http = new HttpClient();
        await Eventually.WaitAsync(
            async () => process.HasExited ? "exited" : await ReadyAsync(http, alertmanager.Url),
            state => state is "ready" or "exited", TimeSpan.FromSeconds(30), state => state);
        Assert.False(process.HasExited, $"{Binary} exited with {(process.HasExited ? process.ExitCode : 0)}");
        return alertmanager;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<string> ReadyAsync(HttpClient http, Uri url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url, "-/ready"));
            return response.IsSuccessStatusCode ? "ready" : $"{(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }
}

using System.Diagnostics;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>A real <c>lad-silo</c> in a MongoDB-clustered cluster on loopback, on ports of its own, with a client for
/// its HTTP port.</summary>
internal sealed class ClusteredSilo : IAsyncDisposable
{
    private ClusteredSilo(Process process, int siloPort, int gatewayPort, int httpPort)
    {
        Process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public Process Process { get; }

    public HttpClient Http { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>Starts a silo with <c>CLUSTERING: mongo</c> advertising 127.0.0.1; <paramref name="environment"/> adds variables.</summary>
    public static ClusteredSilo Start(string config, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["LAD_CLUSTERING"] = "mongo",
            ["LAD_ADVERTISED_IP"] = "127.0.0.1",
            ["LAD_SILO_PORT"] = $"{siloPort}",
            ["LAD_GATEWAY_PORT"] = $"{gatewayPort}",
            ["LAD_HTTP_PORT"] = $"{httpPort}",
        };
        return new ClusteredSilo(SiloProcess.Start(config, variables), siloPort, gatewayPort, httpPort);
    }

    /// <summary>Waits until the silo answers <c>/readyz</c> with 200.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) =>
        Daemon.Eventually.WaitAsync(() => SiloProcess.IsReadyAsync(Http), ready => ready, timeout, _ => "lad-silo /readyz not 200");

    public async ValueTask DisposeAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync(CancellationToken.None);
        Process.Dispose();
        Http.Dispose();
    }
}

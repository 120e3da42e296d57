using System.Net;
using System.Net.Sockets;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Soak;

/// <summary>One in-process silo at a time on the same MongoDB and service id; <see cref="KillAsync"/> stops it without
/// letting anything finish, as a killed process would.</summary>
internal sealed class SiloRunner(LadConfig config, string serviceId) : IAsyncDisposable
{
    private IHost? _host;

    public int Starts { get; private set; }

    public IServiceProvider Services => _host!.Services;

    public async Task StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: serviceId)
            .AddLadDaemon(config, t =>
            {
                t.PollInterval = TimeSpan.FromMilliseconds(500);
                t.BackoffMax = TimeSpan.FromSeconds(2);
            }));
        _host = builder.Build();
        await _host.StartAsync();
        Starts++;
    }

    public async Task KillAsync()
    {
        if (_host is null)
        {
            return;
        }

        // An already cancelled token: hosted services and grains get no time to finish their work.
        await _host.StopAsync(new CancellationToken(canceled: true));
        _host.Dispose();
        _host = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

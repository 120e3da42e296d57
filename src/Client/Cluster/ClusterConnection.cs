using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Lad.Grains.Abstractions.Security;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Lad.Client.Cluster;

/// <summary>An Orleans client connected to a LAD silo's gateway; disposing it disconnects.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>The gateway of <c>lad-silo</c>'s localhost clustering.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    // lad-silo's fixed ids: a client must name the same cluster to be let in.
    private const string ClusterId = "lad";
    private const string ServiceId = "lad";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly IHost _host;

    private ClusterConnection(IHost host) => _host = host;

    /// <summary>The connected client's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to the silo gateway at <paramref name="gateway"/> (<c>host:port</c>).</summary>
    /// <param name="gateway">The gateway's <c>host:port</c>.</param>
    /// <param name="token">The API token sent with every call; null sends none.</param>
    /// <param name="tls">The console's certificate and the cluster's authority for mutual TLS; null: plain TCP.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ClusterUnavailableException">The address is bad or no silo answered there.</exception>
    public static async Task<ClusterConnection> ConnectAsync(string gateway, string? token, ClusterCertificates? tls, CancellationToken cancellationToken)
    {
        var endpoint = await ResolveAsync(gateway, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoint)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId))
                .AddOutgoingGrainCallFilter(new TokenCallFilter(token));
            if (tls is not null)
            {
                client.UseTls(tls.Local, options =>
                {
                    options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    options.RemoteCertificateValidation = (certificate, _, _) => tls.Accepts(certificate);
                });
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new ClusterUnavailableException(
                $"no LAD silo answered at {gateway} ({e.GetBaseException().Message}); is lad-silo running? (--gateway host:port)");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _host.Dispose();
    }

    private static async Task<IPEndPoint> ResolveAsync(string gateway, CancellationToken cancellationToken)
    {
        var split = gateway.LastIndexOf(':');
        if (split <= 0 || !int.TryParse(gateway[(split + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ClusterUnavailableException($"--gateway: '{gateway}' is not host:port");
        }

        var name = gateway[..split];
        if (IPAddress.TryParse(name, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
            return new IPEndPoint(addresses.First(), port);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ClusterUnavailableException($"--gateway: cannot resolve '{name}' ({e.Message})");
        }
    }
}

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

    // A gateway that is down or filtered is found out by a plain TCP connect, far sooner than by the Orleans client,
    // which retries until cancelled.
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CausesWait = TimeSpan.FromSeconds(1);

    private readonly IHost _host;

    private ClusterConnection(IHost host) => _host = host;

    /// <summary>The connected client's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to the gateway of <paramref name="target"/>, naming its cluster and service ids.</summary>
    /// <param name="target">The gateway and the ids its silos were started with.</param>
    /// <param name="token">The API token sent with every call; null sends none.</param>
    /// <param name="tls">The console's certificate and the cluster's authority for mutual TLS; null: plain TCP.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ClusterUnavailableException">The address is bad, nothing answered there, or the silo refused the
    /// connection (other cluster or service id, TLS expected).</exception>
    public static async Task<ClusterConnection> ConnectAsync(ClusterTarget target, string? token, ClusterCertificates? tls, CancellationToken cancellationToken)
    {
        var gateway = target.Gateway;
        var endpoint = await ResolveAsync(gateway, cancellationToken);
        await ReachAsync(gateway, endpoint, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var log = new ConnectionLog();
        builder.Logging.AddProvider(log);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoint)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (target.ClusterId, target.ServiceId))
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
        timeout.CancelAfter(HandshakeTimeout);
        var start = host.StartAsync(timeout.Token);
        try
        {
            if (await Task.WhenAny(start, log.FirstFailure) == start)
            {
                await start;
                return new ClusterConnection(host);
            }

            // Which cause a refused connection is logged with first is a race (the gateway's reason, or its closing the
            // socket), so the client's next attempts are given a moment to add theirs.
            await Task.WhenAny(start, Task.Delay(CausesWait, cancellationToken));
            await timeout.CancelAsync();
            await start.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw Refused(target, log.Causes);
        }
        catch (Exception e) when (e is not ClusterUnavailableException && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw Refused(target, e is OperationCanceledException ? $"no handshake in {HandshakeTimeout.TotalSeconds:0} s" : e.GetBaseException().Message);
        }
        finally
        {
            if (!start.IsCompletedSuccessfully)
            {
                host.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _host.Dispose();
    }

    private static ClusterUnavailableException Refused(ClusterTarget target, string reason) => new(
        $"{target.Gateway} answered but did not let lad in ({reason}); lad named cluster '{target.ClusterId}' and "
        + $"service '{target.ServiceId}': --config FILE (or {GatewayLookup.ClusterIdVariable} and {GatewayLookup.ServiceIdVariable}) "
        + "names the silos' CLUSTER_ID and SERVICE_ID, and LAD_ORLEANS_TLS_* the certificates of a cluster with mutual TLS");

    // Whether anything listens at the endpoint, within ReachTimeout.
    private static async Task ReachAsync(string gateway, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReachTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is System.Net.Sockets.SocketException socketError ? socketError.Message : $"no answer in {ReachTimeout.TotalSeconds:0} s";
            throw new ClusterUnavailableException(
                $"no LAD silo answered at {gateway} ({endpoint}: {reason}); is lad-silo running? (--gateway host:port, or --config FILE for its GATEWAY_PORT)");
        }
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

using System.Net;
using System.Net.Sockets;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Forwards TCP connections from a fixed 127.0.0.1 port to a target; can be cut (listener closed and every
/// open connection reset) and restored on the same port, to play a MongoDB outage on a real wire, or can strand its
/// open connections (they stay open and carry nothing more, as on a route dropped without a reset) while new ones
/// work.</summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private readonly List<Link> _links = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();
    private Task _accepting = Task.CompletedTask;
    private long _bytesDropped;
    private byte[]? _strandMarker;

    public TcpForwarder(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    /// <summary>A MongoDB connection string through this forwarder with nothing that would notice a silent connection: no
    /// socketTimeoutMS (the driver's default, so a read on a connection that went silent waits for ever) and a monitor
    /// that checks the server only every 5 minutes, as if its own connection still got replies. The case of a server
    /// that stops answering some connections.</summary>
    public string UnwatchedConnectionString =>
        $"mongodb://127.0.0.1:{Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000"
        + "&serverMonitoringMode=poll&heartbeatFrequencyMS=300000";

    public int ConnectionsAccepted { get; private set; }

    /// <summary>How long each read is held before it is passed on, either way: a distant server's round trip.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Bytes read from a stranded connection and dropped.</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Every open connection stays open but passes nothing on from now: a request sent on one never gets its
    /// reply, and nothing tells either side. Connections accepted later forward as usual.</summary>
    /// <returns>How many connections were stranded.</returns>
    public int Strand()
    {
        lock (_gate)
        {
            foreach (var link in _links)
            {
                link.Stranded = true;
            }

            var stranded = _links.Count;
            _links.Clear();
            return stranded;
        }
    }

    /// <summary>From now, the first request that carries <paramref name="marker"/> (a command name, say) strands its
    /// connection: it and everything after it on that connection is dropped, while other connections forward as usual.</summary>
    public void StrandOnRequest(string marker)
    {
        _strandMarker = System.Text.Encoding.ASCII.GetBytes(marker);
    }

    public void Restore()
    {
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _cut.Token);
    }

    public async Task CutAsync()
    {
        await _cut.CancelAsync();
        _listener?.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                // Reset rather than close politely, as a dropped network does; a pump may be closing it at this moment.
                try
                {
                    connection.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // Its pump closed it first: already gone, which is all a cut wants.
                }

                connection.Dispose();
            }

            _connections.Clear();
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            var link = new Link();
            lock (_gate)
            {
                _connections.Add(inbound);
                _connections.Add(outbound);
                _links.Add(link);
                ConnectionsAccepted++;
            }

            _ = PumpAsync(inbound, outbound, link, carriesRequests: true, cancellationToken);
            _ = PumpAsync(outbound, inbound, link, carriesRequests: false, cancellationToken);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Link link, bool carriesRequests, CancellationToken cancellationToken)
    {
        var buffer = new byte[81_920];
        try
        {
            var reading = from.GetStream();
            var writing = to.GetStream();
            int read;
            while ((read = await reading.ReadAsync(buffer, cancellationToken)) > 0)
            {
                // Only a request strands: a reply naming the marker (a source document holding the collection's
                // name, read by a host starting) stranded that connection instead of the request's.
                if (carriesRequests && _strandMarker is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0
                    && Interlocked.CompareExchange(ref _strandMarker, null, marker) == marker)
                {
                    link.Stranded = true;
                }

                if (link.Stranded)
                {
                    Interlocked.Add(ref _bytesDropped, read);
                    continue;
                }

                if (Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Latency, cancellationToken);
                }

                await writing.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // The other side or a cut closed the connection.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private sealed class Link
    {
        public volatile bool Stranded;
    }
}

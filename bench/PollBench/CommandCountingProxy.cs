using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lad.PollBench;

/// <summary>A TCP forwarder in front of a MongoDB server that counts the commands clients send through it, by name
/// (the first field of each OP_MSG's body), as the server receives them.</summary>
/// <remarks>Counting on the wire sees every command of every client in the silo (driver, grain storage), not only those
/// one code path knows it sends.</remarks>
internal sealed class CommandCountingProxy : IDisposable
{
    private const int OpMsg = 2013;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    public CommandCountingProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Commands counted so far, by name.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            // The driver sends each command whole and waits for its answer: with Nagle's algorithm on, the forwarded
            // message sat behind the peer's delayed ACK (about 40 ms a command, a trivial hello took 44-47 ms).
            client.NoDelay = true;
            upstream.NoDelay = true;
            var toServer = CountAndForwardAsync(client.GetStream(), upstream.GetStream());
            var toClient = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task CountAndForwardAsync(Stream from, Stream to)
    {
        var header = new byte[16];
        while (true)
        {
            await from.ReadExactlyAsync(header, _stop.Token);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            // Forwarded in one write, as the driver sent it, not as a header packet and a body packet.
            var message = new byte[length];
            header.CopyTo(message, 0);
            await from.ReadExactlyAsync(message.AsMemory(16), _stop.Token);
            if (BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)) == OpMsg && CommandOf(message.AsSpan(16)) is { } name)
            {
                _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
            }

            await to.WriteAsync(message, _stop.Token);
        }
    }

    // OP_MSG: flag bits, then sections; the body section (kind 0) is one BSON document whose first field names the command.
    private static string? CommandOf(ReadOnlySpan<byte> body)
    {
        var at = 4;
        while (at < body.Length)
        {
            var kind = body[at++];
            var size = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
            if (kind == 0)
            {
                var name = body[(at + 5)..];
                return Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]);
            }

            at += size;
        }

        return null;
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lad.PollBench;

/// <summary>A TCP forwarder in front of a MongoDB server that counts the commands clients send through it, by name
/// (the first field of each OP_MSG's body), as the server receives them, and times the server's reply to each.</summary>
/// <remarks>Counting on the wire sees every command of every client in the silo (driver, grain storage), not only those
/// one code path knows it sends. The reply times are the server's (and the loopback's) share of a delay: a server
/// that cannot keep up shows it there, apart from what the silo adds.</remarks>
internal sealed class CommandCountingProxy : IDisposable
{
    private const int OpMsg = 2013;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CommandReply> _replies = new();
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

    /// <summary>The replies received since <paramref name="since"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public IReadOnlyList<CommandReply> RepliesSince(long since) => _replies.Where(r => r.At >= since).ToList();

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
            // Request ids are the driver's, unique within the connection; a reply names the request it answers.
            var pending = new ConcurrentDictionary<int, (string Name, long Sent)>();
            var toServer = CountAndForwardAsync(client.GetStream(), upstream.GetStream(), pending);
            var toClient = TimeAndForwardAsync(upstream.GetStream(), client.GetStream(), pending);
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

    private async Task CountAndForwardAsync(Stream from, Stream to, ConcurrentDictionary<int, (string Name, long Sent)> pending)
    {
        while (true)
        {
            var message = await ReadMessageAsync(from);
            if (BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(12)) == OpMsg && CommandOf(message.AsSpan(16)) is { } name)
            {
                _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
                pending[BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(4))] = (name, Stopwatch.GetTimestamp());
            }

            await to.WriteAsync(message, _stop.Token);
        }
    }

    private async Task TimeAndForwardAsync(Stream from, Stream to, ConcurrentDictionary<int, (string Name, long Sent)> pending)
    {
        while (true)
        {
            var message = await ReadMessageAsync(from);
            // A streamed reply (moreToCome) answers one request several times: only the first is its reply time.
            if (pending.TryRemove(BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(8)), out var request))
            {
                var now = Stopwatch.GetTimestamp();
                _replies.Enqueue(new CommandReply(request.Name, now, Stopwatch.GetElapsedTime(request.Sent, now).TotalMilliseconds));
            }

            await to.WriteAsync(message, _stop.Token);
        }
    }

    // Forwarded in one write, as the peer sent it, not as a header packet and a body packet.
    private async Task<byte[]> ReadMessageAsync(Stream from)
    {
        var header = new byte[16];
        await from.ReadExactlyAsync(header, _stop.Token);
        var message = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        header.CopyTo(message, 0);
        await from.ReadExactlyAsync(message.AsMemory(16), _stop.Token);
        return message;
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

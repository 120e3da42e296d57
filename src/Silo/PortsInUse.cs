using System.Net;
using System.Net.Sockets;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Silo;

/// <summary>Finds the configured ports another process already listens on, before the silo tries them, so a second
/// silo on the same ports fails with one line instead of a stack trace (or, worse, starts beside the first).</summary>
internal static class PortsInUse
{
    /// <summary>One line naming every configured port that cannot be listened on, or null when all are free.</summary>
    /// <param name="config">A validated configuration.</param>
    public static string? Check(LadConfig config)
    {
        var ports = new List<(string Key, int Port)> { ("SILO_PORT", config.SiloPort), ("GATEWAY_PORT", config.GatewayPort) };
        if (config.HttpPort > 0 && !config.UsesLocalFiles)
        {
            ports.Add(("HTTP_PORT", config.HttpPort));
        }

        var problems = ports.Select(p => Problem(p.Key, p.Port)).OfType<string>().ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    // Listening on every interface collides with a listener on any one of them, whichever address the silo will use.
    private static string? Problem(string key, int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            listener.Listen();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"{key}: port {port} is already in use (is another lad-silo running?)";
        }
        catch (SocketException e)
        {
            return $"{key}: cannot listen on port {port} ({e.SocketErrorCode}: {e.Message})";
        }
    }
}

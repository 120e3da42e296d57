using System.Net;
using System.Net.Sockets;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>
/// Loopback TCP ports free when asked for, each handed out once per test run: the kernel may give a port it just gave
/// again once its probe closed, and a silo told to use one port for two endpoints refuses to start.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port free on the loopback interface right now that no earlier call returned.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}

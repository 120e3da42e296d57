using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lad.Integration.Tests.Deploy;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>Starts the real <c>lad-silo</c> built beside these tests, as an operator would run it.</summary>
internal static class SiloProcess
{
    /// <summary>
    /// Starts <c>lad-silo --config <paramref name="config"/></c> from the same build configuration as the tests, with
    /// <paramref name="environment"/> added and any inherited <c>LAD_CONFIG</c> removed; its output is drained.
    /// </summary>
    public static Process Start(string config, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var silo = RepositoryFiles.PathOf($"src/Silo/bin/{output.Parent!.Name}/{output.Name}/lad-silo.dll");
        var start = new ProcessStartInfo("dotnet", [silo, "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("LAD_CONFIG");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        // Drained, so a chatty silo never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether the silo behind <paramref name="http"/> answers <c>/readyz</c> with 200 (false while it cannot be reached).</summary>
    public static async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A TCP port free on the loopback interface right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

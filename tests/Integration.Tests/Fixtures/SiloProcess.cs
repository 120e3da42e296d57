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
    /// <param name="config">The configuration file.</param>
    /// <param name="environment">Variables added to the silo's environment.</param>
    /// <param name="lines">Receives each line the silo writes (standard output and error); null discards them.</param>
    public static Process Start(string config, IReadOnlyDictionary<string, string>? environment = null, Action<string>? lines = null) =>
        StartWith(["--config", config], environment, lines);

    /// <summary>Starts <c>lad-silo</c> with the arguments <paramref name="arguments"/>, otherwise as <see cref="Start"/>.</summary>
    public static Process StartWith(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, Action<string>? lines = null)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var silo = RepositoryFiles.PathOf($"src/Silo/bin/{output.Parent!.Name}/{output.Name}/lad-silo.dll");
        var start = new ProcessStartInfo("dotnet", [silo, .. arguments])
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
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines?.Invoke(text); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines?.Invoke(text); } };
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

    /// <summary>A TCP port free on the loopback interface right now, never handed out before (see <see cref="FreePorts"/>).</summary>
    public static int FreePort() => FreePorts.Next();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Lad.Silo;

/// <summary>How the silo writes its log: one line per entry with a UTC timestamp, or, under systemd, journald's
/// priority prefix (journald stamps the time itself); routine chatter of the libraries below LAD only at Debug.</summary>
internal static class SiloLogging
{
    /// <summary>Set by systemd for a service whose output goes to the journal.</summary>
    public const string JournalStreamVariable = "JOURNAL_STREAM";

    /// <summary>The timestamp every console line starts with (UTC, to the millisecond).</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Categories whose information is routine: shown from <see cref="LogLevel.Warning"/> unless the
    /// configuration (e.g. <c>--Logging:LogLevel:Polly=Information</c>) asks for more.</summary>
    /// <remarks>Orleans dumps every options class at start; Orleans' placement runs through Polly, which logs each call
    /// at Information; every <c>lad</c> command opens and closes a gateway connection, which Orleans logs (with a
    /// stack trace when the console only probed the port).</remarks>
    public static readonly IReadOnlyList<string> QuietCategories =
    [
        "Orleans.Runtime.SiloOptionsLogger",
        "Polly",
        "Orleans.Runtime.Messaging.Connection",
        "Orleans.Runtime.Messaging.Gateway",
    ];

    /// <summary>Applies the silo's console format and default levels to <paramref name="builder"/>.</summary>
    /// <param name="builder">The host being built (after <c>AddSystemd</c>).</param>
    /// <param name="environment">Reads environment variables.</param>
    public static void Configure(IHostApplicationBuilder builder, Func<string, string?> environment)
    {
        // Placed first, so appsettings, LAD_/DOTNET_ variables and the command line still override every level.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = QuietCategories.Select(c => KeyValuePair.Create($"Logging:LogLevel:{c}", (string?)nameof(LogLevel.Warning))),
        });

        if (UnderJournald(environment))
        {
            builder.Logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
            });
        }
    }

    /// <summary>Whether the process's output goes to the systemd journal.</summary>
    public static bool UnderJournald(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment(JournalStreamVariable));
}

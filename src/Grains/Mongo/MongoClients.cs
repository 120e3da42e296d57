using System.Collections.Concurrent;
using Lad.Grains.Abstractions.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MongoDB.Driver;

namespace Lad.Grains.Mongo;

/// <summary>The process's MongoDB clients: one per (connection string, CA file), shared by grain storage, membership,
/// the gateway list, reminders and the detectors.</summary>
/// <remarks>The driver's client holds the connection pools and server monitors, and is meant to live once per process:
/// five clients to one server open five pools and five sets of monitoring connections. Registered as a singleton by
/// every extension that adds one of our MongoDB providers; the container disposes it, and with it every client, when
/// the silo (or <c>lad</c>'s cluster client) stops.</remarks>
public sealed class MongoClients : IDisposable
{
    private readonly ConcurrentDictionary<(string ConnectionString, string? CaFile), Lazy<MongoClient>> _clients = new();

    /// <summary>How many distinct clients were handed out.</summary>
    public int Count => _clients.Count;

    /// <summary>The client for <paramref name="connectionString"/> and <paramref name="caFile"/>, created on first
    /// request; with TLS verified and a CA file, the server's certificate must chain to that file's authority.</summary>
    /// <param name="connectionString">See <c>MongoConnectionString.From</c>.</param>
    /// <param name="caFile">The PEM authority, or null to trust the system's.</param>
    /// <exception cref="Lad.Grains.Abstractions.Configuration.LadConfigException">The CA file cannot be loaded.</exception>
    public IMongoClient For(string connectionString, string? caFile) =>
        // Lazy: two providers asking at once must not both build a client and leak the loser's pools.
        _clients.GetOrAdd((connectionString, caFile), key => new Lazy<MongoClient>(() => Create(key.ConnectionString, key.CaFile))).Value;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }

    // The only place LAD builds a client, so nothing in the silo can open pools of its own by going around the registry.
    private static MongoClient Create(string connectionString, string? caFile)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        if (!SetsWaitQueue(connectionString))
        {
            // The driver's default queue for a pooled connection holds five times the pool (500); past it an operation
            // fails at once with MongoWaitQueueFullException instead of waiting. A silo's hosts start, read and are
            // asked for their status by the thousand at once, so their operations wait their turn (up to the wait
            // queue timeout, 2 minutes unless the connection string says otherwise) rather than fail.
#pragma warning disable CS0618 // deprecated by the driver, which still enforces it
            settings.WaitQueueSize = UnboundedWaitQueue;
#pragma warning restore CS0618
        }

        if (caFile is not null && settings.UseTls && !settings.AllowInsecureTls)
        {
            settings.SslSettings = new SslSettings { ServerCertificateValidationCallback = MongoTlsAuthority.Load(caFile).Validate };
        }

        return new MongoClient(settings);
    }

    /// <summary>The wait queue size LAD's clients use unless the connection string sets one: more operations than a
    /// silo of 10,000 hosts has waiting at once.</summary>
    internal const int UnboundedWaitQueue = 1_000_000;

    // Read from the text, not from MongoUrl: its parsed WaitQueueMultiple is 5 whether the string says 5 or nothing, so
    // a user's explicit default would be overridden. Option names are case-insensitive; only the query part holds them.
    private static bool SetsWaitQueue(string connectionString) =>
        connectionString.IndexOf('?') is var query and >= 0
        && connectionString[(query + 1)..].Split('&', ';').Any(option =>
            option.StartsWith("waitQueueSize=", StringComparison.OrdinalIgnoreCase)
            || option.StartsWith("waitQueueMultiple=", StringComparison.OrdinalIgnoreCase));

    /// <summary>Registers the registry once in <paramref name="services"/>; every provider extension calls it.</summary>
    /// <param name="services">A silo's or client's services.</param>
    internal static void AddTo(IServiceCollection services) => services.TryAddSingleton<MongoClients>();
}

using System.Collections.Concurrent;
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
    /// request (see <see cref="MongoClientFactory.Create"/>).</summary>
    /// <param name="connectionString">See <c>MongoConnectionString.From</c>.</param>
    /// <param name="caFile">The PEM authority, or null to trust the system's.</param>
    /// <exception cref="Lad.Grains.Abstractions.Configuration.LadConfigException">The CA file cannot be loaded.</exception>
    public IMongoClient For(string connectionString, string? caFile) =>
        // Lazy: two providers asking at once must not both build a client and leak the loser's pools.
        _clients.GetOrAdd((connectionString, caFile), key => new Lazy<MongoClient>(() => MongoClientFactory.Create(key.ConnectionString, key.CaFile))).Value;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>Registers the registry once in <paramref name="services"/>; every provider extension calls it.</summary>
    /// <param name="services">A silo's or client's services.</param>
    internal static void AddTo(IServiceCollection services) => services.TryAddSingleton<MongoClients>();
}

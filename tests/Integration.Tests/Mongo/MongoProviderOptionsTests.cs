using System.Net;
using Lad.Grains.Clustering;
using Lad.Grains.Reminders;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Lad.Integration.Tests.Mongo;

/// <summary>Our MongoDB providers' options are checked when a silo starts (Orleans' <c>IConfigurationValidator</c>), a
/// bad one stopping the start with a message naming the option and the provider; the options the silo logs show the
/// connection string without its password.</summary>
public class MongoProviderOptionsTests
{
    private const string Server = "mongodb://127.0.0.1:27017/";

    [Fact]
    public async Task ABadStorageOptionFailsSiloStartNamingOptionAndProvider()
    {
        using var host = Silo(silo => silo
            .UseLocalhostClustering(SiloProcess.FreePort(), SiloProcess.FreePort())
            .AddMongoGrainStorage("models", o =>
            {
                o.ConnectionString = Server;
                o.ChunkSize = 10;
            }));

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("MongoDB grain storage 'models': MongoGrainStorageOptions.ChunkSize must be between 1024 and 15728640, got 10.", error.Message);
    }

    [Fact]
    public async Task ABadClusteringOptionFailsSiloStartNamingOptionAndProvider()
    {
        using var host = Silo(silo => silo
            .ConfigureEndpoints(IPAddress.Loopback, SiloProcess.FreePort(), SiloProcess.FreePort())
            .UseMongoClustering(o =>
            {
                o.ConnectionString = Server;
                o.Database = "lad.prod";
            }));

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            "MongoDB clustering: MongoClusteringOptions.Database 'lad.prod' contains a character MongoDB forbids in database names (/\\. \"$).",
            error.Message);
    }

    [Fact]
    public async Task ABadReminderOptionFailsSiloStartNamingOptionAndProvider()
    {
        using var host = Silo(silo => silo
            .UseLocalhostClustering(SiloProcess.FreePort(), SiloProcess.FreePort())
            .UseMongoReminderService(o => o.ConnectionString = "localhost:27017"));

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("MongoDB reminders: MongoReminderOptions.ConnectionString must start with mongodb:// or mongodb+srv://.", error.Message);
    }

    [Fact]
    public async Task AMissingCaFileIsNamedWithItsOption()
    {
        using var host = Silo(silo => silo
            .UseLocalhostClustering(SiloProcess.FreePort(), SiloProcess.FreePort())
            .AddMongoGrainStorage("models", o =>
            {
                o.ConnectionString = Server;
                o.CaFile = "/nonexistent/ca.pem";
            }));

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith(
            "MongoDB grain storage 'models': MongoGrainStorageOptions.CaFile: cannot load the CA certificate file /nonexistent/ca.pem:",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoggedOptionsShowTheConnectionStringWithoutItsPassword()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var connectionString = $"mongodb://lad:{password}@127.0.0.1:27017/?authSource=admin";
        var logs = new FakeLogCollector();
        using var host = Silo(
            silo => silo
                .UseLocalhostClustering(SiloProcess.FreePort(), SiloProcess.FreePort())
                .AddMongoGrainStorage("models", o => o.ConnectionString = connectionString),
            logs);

        // Storage connects at its first use, so the silo starts and logs its options without a server.
        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
        var messages = logs.GetSnapshot().Select(r => r.Message).ToList();

        var storage = Assert.Single(messages, m => m.Contains("MongoGrainStorageOptions", StringComparison.Ordinal) && m.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains("ConnectionString: mongodb://lad:***@127.0.0.1:27017/?authSource=admin", storage, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public void TheClusteringAndReminderOptionsFormatWithoutThePassword()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var connectionString = $"mongodb://lad:{password}@db.example.org:27017/";
        using var host = Silo(silo => silo
            .ConfigureEndpoints(IPAddress.Loopback, SiloProcess.FreePort(), SiloProcess.FreePort())
            .UseMongoClustering(o => o.ConnectionString = connectionString)
            .UseMongoReminderService(o => o.ConnectionString = connectionString));

        // What the silo would log at start: every registered options formatter's lines.
        var formatted = host.Services.GetServices<IOptionFormatter>()
            .Where(f => f.Name.Contains("Mongo", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => string.Join("\n", f.Format()));

        Assert.Equal(["Lad.Grains.Clustering.MongoClusteringOptions", "Lad.Grains.Reminders.MongoReminderOptions"], formatted.Keys.Order());
        Assert.All(formatted.Values, lines => Assert.Contains("ConnectionString: mongodb://lad:***@db.example.org:27017/", lines, StringComparison.Ordinal));
        Assert.All(formatted.Values, lines => Assert.DoesNotContain(password, lines, StringComparison.Ordinal));
    }

    private static IHost Silo(Action<ISiloBuilder> configure, FakeLogCollector? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        }

        builder.UseOrleans(configure);
        return builder.Build();
    }
}

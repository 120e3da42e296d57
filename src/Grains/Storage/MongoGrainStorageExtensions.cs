using Lad.Grains.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Lad.Grains.Storage;

/// <summary>Registers <see cref="MongoGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class MongoGrainStorageExtensions
{
    /// <summary>Adds a MongoDB grain storage named <paramref name="name"/> to the silo.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name (<c>[PersistentState("state", name)]</c> refers to it).</param>
    /// <param name="configure">Sets connection string, database, collection and chunk size.</param>
    public static ISiloBuilder AddMongoGrainStorage(this ISiloBuilder builder, string name, Action<MongoGrainStorageOptions> configure)
    {
        builder.Services.AddMongoGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds a MongoDB grain storage named <paramref name="name"/> to a silo's services.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Sets connection string, database, collection and chunk size (and optionally the serializer).</param>
    public static IServiceCollection AddMongoGrainStorage(this IServiceCollection services, string name, Action<MongoGrainStorageOptions> configure)
    {
        // Models are large byte arrays: Orleans' binary serializer stores them as-is, where the silo-wide JSON
        // default would inflate them by a third (base64). Set GrainStorageSerializer in configure to override.
        services.AddOptions<MongoGrainStorageOptions>(name)
            .Configure<IServiceProvider>((options, sp) => options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp))
            .Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new MongoGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<MongoGrainStorageOptions>>().Get(name), name));
        // Logged with the silo's other options at start, the connection string's password hidden.
        services.ConfigureNamedOptionForLogging<MongoGrainStorageOptions>(name);
        MongoClients.AddTo(services);
        return services.AddGrainStorage(name, MongoGrainStorage.Create);
    }
}

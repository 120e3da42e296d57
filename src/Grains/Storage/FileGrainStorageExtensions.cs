using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Lad.Grains.Storage;

/// <summary>Registers <see cref="FileGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class FileGrainStorageExtensions
{
    /// <summary>Adds a grain storage named <paramref name="name"/> that keeps each state in a file.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name grains refer to.</param>
    /// <param name="configure">Sets the directory (and optionally the serializer).</param>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configure)
    {
        builder.Services.AddFileGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds a grain storage named <paramref name="name"/> that keeps each state in a file, to a silo's services.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Sets the directory (and optionally the serializer).</param>
    public static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, Action<FileGrainStorageOptions> configure)
    {
        // Models are large byte arrays: the binary serializer stores them as they are.
        services.AddOptions<FileGrainStorageOptions>(name)
            .Configure<IServiceProvider>((options, sp) => options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp))
            .Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new FileGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name), name));
        return services.AddGrainStorage(name, FileGrainStorage.Create);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lad.Grains.Security;

/// <summary>Adds the control plane's token check on grain calls to a silo.</summary>
public static class LadSecurityExtensions
{
    /// <summary>Registers the tokens of <c>AUTH_TOKENS_FILE</c> (unless an <see cref="ApiTokenSet"/> is registered
    /// already), the filter that checks clients' calls, and the stamp that marks the silo's own calls.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="config">A validated configuration.</param>
    public static ISiloBuilder AddLadControlAuthorization(this ISiloBuilder builder, LadConfig config)
    {
        builder.Services.TryAddSingleton(_ => TokenFile.Load(config));
        builder.AddIncomingGrainCallFilter<ControlCallFilter>();
        builder.AddOutgoingGrainCallFilter<SiloCallStamp>();
        return builder;
    }

    /// <summary>When <c>AUTH_TOKENS_FILE</c> is set, re-reads it every <see cref="TokenFileWatcher.Interval"/> into the
    /// registered <see cref="ApiTokenSet"/>, so tokens are added and revoked without a restart.</summary>
    /// <param name="services">The host's services, holding the <see cref="ApiTokenSet"/> loaded from the file.</param>
    /// <param name="config">A validated configuration.</param>
    public static IServiceCollection AddTokenFileReload(this IServiceCollection services, LadConfig config)
    {
        if (config.AuthTokensFile is { } path)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(provider => new TokenFileReload(path, provider.GetRequiredService<ApiTokenSet>()));
            services.AddHostedService<TokenFileWatcher>();
        }

        return services;
    }
}

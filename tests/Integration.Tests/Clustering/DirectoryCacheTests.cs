using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Clustering;

public sealed class DirectoryCacheTests
{
    [Fact]
    public void ASiloCachesTheDirectoryEntriesOfAHundredThousandGrainsNotOrleansDefaultMillion()
    {
        var config = LadConfigLoader.Load(
            $"MG_INPUT_DB: in\nMG_TARGET_DB: out\nMG_INPUT_COL: logs\nSILO_PORT: {Fixtures.SiloProcess.FreePort()}\nGATEWAY_PORT: {Fixtures.SiloProcess.FreePort()}\n",
            new Dictionary<string, string>());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLadClustering(config));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        Assert.Equal(LadClusteringExtensions.DirectoryCacheSize, options.CacheSize);
        Assert.Equal(100_000, options.CacheSize);
    }
}

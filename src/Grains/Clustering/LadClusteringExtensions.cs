using System.Net.Sockets;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Reminders;
using Orleans.Connections.Security;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Lad.Grains.Clustering;

/// <summary>Applies <c>CLUSTERING</c> and its ports and ids to a silo.</summary>
public static class LadClusteringExtensions
{
    /// <summary>The grains whose directory entries a silo caches (Orleans' default is 1,000,000).</summary>
    public const int DirectoryCacheSize = 100_000;

    /// <summary>Mutual TLS on both Orleans ports when <c>ORLEANS_TLS_CERT</c> and <c>ORLEANS_TLS_CA</c> are set. With
    /// <c>localhost</c>, one silo on loopback; with <c>mongo</c>, membership and reminders in
    /// <c>MG_TARGET_DB</c> and endpoints on <c>ADVERTISED_IP</c> (or the host's own address), listening on every interface.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="config">A validated configuration.</param>
    public static ISiloBuilder UseLadClustering(this ISiloBuilder builder, LadConfig config)
    {
        // Orleans sizes its grain directory cache for a million grains and allocates its table whole (about 18 MB on every
        // silo, however few hosts it has); LAD's grains are about one per host, so a tenth of that covers ten times the
        // 10,000 hosts a silo is sized for, and a miss beyond it is one more directory lookup, not an error.
        builder.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);
        if (ClusterCertificates.Load(config.OrleansTlsCertificate, config.OrleansTlsKey, config.OrleansTlsAuthority) is { } certificates)
        {
            // Both ports, both directions: a silo or client whose certificate does not chain to ORLEANS_TLS_CA is refused.
            builder.UseTls(certificates.Local, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (certificate, _, _) => certificates.Accepts(certificate);
            });
        }

        if (config.Clustering == ClusteringMode.Localhost)
        {
            return builder.UseLocalhostClustering(config.SiloPort, config.GatewayPort, serviceId: config.ServiceId, clusterId: config.ClusterId);
        }

        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = config.ClusterId;
            o.ServiceId = config.ServiceId;
        });
        if (config.AdvertisedIp is { } ip)
        {
            builder.ConfigureEndpoints(ip, config.SiloPort, config.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            builder.ConfigureEndpoints(config.SiloPort, config.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
        }

        // No activation rebalancer: host detectors follow their owner (HostOwnershipPlacement), which already moves a
        // joined silo's share onto it; a rebalancer's moves would only contradict that.
        var connection = MongoConnectionString.From(config);
        builder.UseMongoClustering(o =>
        {
            o.ConnectionString = connection;
            o.CaFile = config.MongoCaFile;
            o.Database = config.TargetDatabase;
        });
        return builder.UseMongoReminderService(o =>
        {
            o.ConnectionString = connection;
            o.CaFile = config.MongoCaFile;
            o.Database = config.TargetDatabase;
        });
    }
}

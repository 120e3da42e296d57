using Lad.Grains.Abstractions.Security;
using MongoDB.Driver;

namespace Lad.Grains.Mongo;

/// <summary>Creates the MongoDB clients of the silo (detectors, grain state, clustering, reminders) from the
/// connection string and the CA file of <c>MG_CA_CERT</c>.</summary>
public static class MongoClientFactory
{
    /// <summary>A client for <paramref name="connectionString"/>; with TLS verified and a CA file, the server's certificate
    /// must chain to that file's authority.</summary>
    /// <param name="connectionString">See <c>MongoConnectionString.From</c>.</param>
    /// <param name="caFile">The PEM authority, or null to trust the system's.</param>
    /// <exception cref="Lad.Grains.Abstractions.Configuration.LadConfigException">The CA file cannot be loaded.</exception>
    public static MongoClient Create(string connectionString, string? caFile)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        if (caFile is not null && settings.UseTls && !settings.AllowInsecureTls)
        {
            settings.SslSettings = new SslSettings { ServerCertificateValidationCallback = MongoTlsAuthority.Load(caFile).Validate };
        }

        return new MongoClient(settings);
    }
}

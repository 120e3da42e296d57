using System.Globalization;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Builds the MongoDB connection string from <c>MG_URI</c> or from the seed's host/port/user/TLS keys.</summary>
public static class MongoConnectionString
{
    /// <summary>The connection string the daemon uses.</summary>
    /// <param name="config">A validated configuration.</param>
    /// <returns><c>MG_URI</c> verbatim when set (it carries credentials, TLS and options such as
    /// <c>directConnection</c>); otherwise <c>mongodb://[user:password@]host:port/</c> with TLS options from
    /// <c>MG_USE_SSL</c> and <c>MG_VERIFY_CERTS</c>.</returns>
    public static string From(LadConfig config)
    {
        if (config.MongoUri is { } uri)
        {
            return uri;
        }

        var credentials = config.MongoUser is { } user
            ? $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(config.MongoPassword ?? "")}@"
            : "";
        var host = config.MongoHost.Contains(':', StringComparison.Ordinal) ? $"[{config.MongoHost}]" : config.MongoHost;
        var options = new List<string>();
        if (config.MongoUseTls)
        {
            options.Add("tls=true");
            if (!config.MongoVerifyCertificates)
            {
                options.Add("tlsInsecure=true");
            }
        }

        var query = options.Count == 0 ? "" : "?" + string.Join('&', options);
        return string.Create(CultureInfo.InvariantCulture, $"mongodb://{credentials}{host}:{config.MongoPort}/{query}");
    }
}

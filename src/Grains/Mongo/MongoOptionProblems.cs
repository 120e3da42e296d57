using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;
using MongoDB.Driver;

namespace Lad.Grains.Mongo;

/// <summary>The checks every MongoDB provider's options share: where the server is and how its certificate is trusted.</summary>
internal static class MongoOptionProblems
{
    /// <summary>What is wrong with a connection string and CA file, each named as <c>&lt;options&gt;.&lt;property&gt;</c>;
    /// never quotes the connection string's password.</summary>
    /// <param name="options">The options type's name, e.g. <c>MongoClusteringOptions</c>.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="caFile">The PEM authority file, or null.</param>
    public static IEnumerable<string> Of(string options, string connectionString, string? caFile)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield return $"{options}.ConnectionString is empty";
        }
        else if (!connectionString.StartsWith("mongodb://", StringComparison.Ordinal)
                 && !connectionString.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            yield return $"{options}.ConnectionString must start with mongodb:// or mongodb+srv://";
        }
        else if (Unparsable(connectionString) is { } problem)
        {
            yield return $"{options}.ConnectionString is not a valid MongoDB connection string: {problem}";
        }

        if (caFile is not null && Unloadable(caFile, $"{options}.CaFile") is { } caProblem)
        {
            yield return caProblem;
        }
    }

    private static string? Unparsable(string connectionString)
    {
        try
        {
            _ = MongoUrl.Create(connectionString);
            return null;
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver may quote the string it refused; the log must not get the password that way.
            return e.Message.Replace(connectionString, ConnectionStringRedactor.Redact(connectionString), StringComparison.Ordinal);
        }
    }

    private static string? Unloadable(string caFile, string setting)
    {
        try
        {
            _ = MongoTlsAuthority.Load(caFile, setting);
            return null;
        }
        catch (LadConfigException e)
        {
            return string.Join("; ", e.Errors);
        }
    }
}

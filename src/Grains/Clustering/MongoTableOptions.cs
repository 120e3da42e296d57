using Orleans.Runtime;

namespace Lad.Grains.Clustering;

/// <summary>Where one of our MongoDB-backed Orleans tables lives: server, database and a collection name prefix.</summary>
public abstract class MongoTableOptions
{
    /// <summary>The MongoDB connection string (see <c>MongoConnectionString.From</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The PEM certificate authority the server's certificate must chain to (<c>MG_CA_CERT</c>); null: the system's.</summary>
    public string? CaFile { get; set; }

    /// <summary>The database holding the table's collections.</summary>
    public string Database { get; set; } = "lad";

    /// <summary>Prepended to every collection name, so several deployments can share one database.</summary>
    public string CollectionPrefix { get; set; } = "orleans_";

    /// <summary>Fails with every problem named at once, so a misconfigured silo says all that is wrong in one start.</summary>
    /// <param name="provider">The provider's name in the message, e.g. "MongoDB clustering".</param>
    /// <exception cref="OrleansConfigurationException">A setting is missing or malformed.</exception>
    internal void Validate(string provider)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{nameof(ConnectionString)} is empty");
        }
        else if (!ConnectionString.StartsWith("mongodb://", StringComparison.Ordinal)
                 && !ConnectionString.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            problems.Add($"{nameof(ConnectionString)} must start with mongodb:// or mongodb+srv://");
        }

        if (string.IsNullOrWhiteSpace(Database))
        {
            problems.Add($"{nameof(Database)} is empty");
        }
        else if (Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$']) >= 0)
        {
            problems.Add($"{nameof(Database)} '{Database}' contains a character MongoDB forbids in database names (/\\. \"$)");
        }

        if (CollectionPrefix.Contains('$', StringComparison.Ordinal) || CollectionPrefix.StartsWith("system.", StringComparison.Ordinal))
        {
            problems.Add($"{nameof(CollectionPrefix)} '{CollectionPrefix}' may not contain '$' or start with 'system.'");
        }

        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException($"{provider}: {string.Join("; ", problems)}.");
        }
    }
}

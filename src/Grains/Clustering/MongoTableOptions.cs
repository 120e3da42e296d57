using Lad.Grains.Mongo;

namespace Lad.Grains.Clustering;

/// <summary>Where one of our MongoDB-backed Orleans tables lives: server, database and a collection name prefix.</summary>
public abstract class MongoTableOptions
{
    /// <summary>The MongoDB connection string (see <c>MongoConnectionString.From</c>); logged without its password.</summary>
    [RedactMongoCredentials]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PEM certificate authority the server's certificate must chain to (<c>MG_CA_CERT</c>); null: the system's.</summary>
    public string? CaFile { get; set; }

    /// <summary>The database holding the table's collections.</summary>
    public string Database { get; set; } = "lad";

    /// <summary>Prepended to every collection name, so several deployments can share one database.</summary>
    public string CollectionPrefix { get; set; } = "orleans_";

    /// <summary>Every problem of these options, each naming the option as <c>&lt;options type&gt;.&lt;property&gt;</c>.</summary>
    internal List<string> Problems()
    {
        var options = GetType().Name;
        var problems = MongoOptionProblems.Of(options, ConnectionString, CaFile).ToList();
        if (string.IsNullOrWhiteSpace(Database))
        {
            problems.Add($"{options}.{nameof(Database)} is empty");
        }
        else if (Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$']) >= 0)
        {
            problems.Add($"{options}.{nameof(Database)} '{Database}' contains a character MongoDB forbids in database names (/\\. \"$)");
        }

        if (CollectionPrefix.Contains('$', StringComparison.Ordinal) || CollectionPrefix.StartsWith("system.", StringComparison.Ordinal))
        {
            problems.Add($"{options}.{nameof(CollectionPrefix)} '{CollectionPrefix}' may not contain '$' or start with 'system.'");
        }

        return problems;
    }
}

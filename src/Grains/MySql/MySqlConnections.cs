using Lad.Grains.Abstractions.Configuration;
using MySqlConnector;

namespace Lad.Grains.MySql;

/// <summary>Opens connections to one MySQL (or MariaDB) server and database, with the session settings LAD relies on.</summary>
/// <remarks>Times are exchanged in UTC: the session's time zone is UTC (so <c>TIMESTAMP</c> columns read as UTC) and
/// <c>DATETIME</c> values, which carry no zone, are taken as UTC. Affected-row counts are real changes, so an
/// <c>INSERT ... ON DUPLICATE KEY UPDATE</c> that finds its row counts 0.</remarks>
public sealed class MySqlConnections
{
    private readonly string _connectionString;

    private MySqlConnections(MySqlEndpoint endpoint, string connectionString)
    {
        Endpoint = endpoint;
        _connectionString = connectionString;
    }

    /// <summary>The server and database (for messages).</summary>
    public MySqlEndpoint Endpoint { get; }

    /// <summary>Connections to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The server, credentials and database.</param>
    public static MySqlConnections For(MySqlEndpoint endpoint)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = endpoint.Host,
            Port = (uint)endpoint.Port,
            UserID = endpoint.User,
            Password = endpoint.Password,
            Database = endpoint.Database,
            DateTimeKind = MySqlDateTimeKind.Utc,
            UseAffectedRows = true,
            ConnectionTimeout = 10,
            DefaultCommandTimeout = 60,
        };
        return new MySqlConnections(endpoint, builder.ConnectionString);
    }

    /// <summary>Opens a pooled connection with the session in UTC.</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var zone = new MySqlCommand("SET time_zone = '+00:00'", connection);
            await zone.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>One MySQL (or MariaDB) server and database, as the fork's <c>MYSQL_INPUT_*</c> or <c>MYSQL_TARGET_*</c> keys name it.</summary>
/// <param name="Host">The server's host name or address.</param>
/// <param name="Port">Its TCP port.</param>
/// <param name="User">The user LAD connects as.</param>
/// <param name="Password">That user's password (empty for none).</param>
/// <param name="Database">The database holding the tables.</param>
public sealed record MySqlEndpoint(string Host, int Port, string User, string Password, string Database)
{
    /// <summary>The server and database as <c>host:port/database</c>, for messages (never the password).</summary>
    public override string ToString() => $"{Host}:{Port}/{Database}";
}

using System.Text.RegularExpressions;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Hides the password of a MongoDB connection string so it can be logged.</summary>
public static partial class ConnectionStringRedactor
{
    /// <summary><paramref name="connectionString"/> with its password replaced by <c>***</c> (the user name stays, so a
    /// log still says who connects); a string without credentials is returned as it is.</summary>
    /// <param name="connectionString">A <c>mongodb://</c> or <c>mongodb+srv://</c> connection string.</param>
    public static string Redact(string connectionString) => UserInfo().Replace(connectionString, "$1***@");

    // scheme://user:password@ — the password may contain anything but '@' once escaped.
    [GeneratedRegex(@"^(mongodb(?:\+srv)?://[^:/@]*:)[^@]*@")]
    private static partial Regex UserInfo();
}

using System.Text.RegularExpressions;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Hides the password of a MongoDB connection string so it can be logged.</summary>
internal static partial class ConnectionStringRedactor
{
    public static string Redact(string connectionString) => UserInfo().Replace(connectionString, "$1***@");

    // scheme://user:password@ — the password may contain anything but '@' once escaped.
    [GeneratedRegex(@"^(mongodb(?:\+srv)?://[^:/@]*:)[^@]*@")]
    private static partial Regex UserInfo();
}

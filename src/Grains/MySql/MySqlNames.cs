namespace Lad.Grains.MySql;

/// <summary>Writes table and column names into statements: every name is quoted, so the names a configuration gives
/// (from the fork's files or a user's) can never change a statement's meaning.</summary>
internal static class MySqlNames
{
    /// <summary><paramref name="name"/> as a quoted identifier (backticks, a backtick inside doubled).</summary>
    public static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}

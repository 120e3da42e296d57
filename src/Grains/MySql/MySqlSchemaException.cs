namespace Lad.Grains.MySql;

/// <summary>A MySQL table LAD is told to use does not have the shape it needs (a table or column missing, a column of
/// the wrong type); the message names the table, the column and the configuration key.</summary>
public sealed class MySqlSchemaException(string message) : Exception(message);

using MongoDB.Bson;

namespace Lad.Grains.MySql;

/// <summary>Turns the values a MySQL row holds into the BSON values LAD's records, anomaly ids and dead letters carry.</summary>
internal static class MySqlValues
{
    /// <summary>The BSON form of one column value.</summary>
    public static BsonValue ToBson(object? value) => value switch
    {
        null or DBNull => BsonNull.Value,
        string text => new BsonString(text),
        sbyte or byte or short or ushort or int => new BsonInt32(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)),
        uint or long => new BsonInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        ulong big => big <= long.MaxValue ? new BsonInt64((long)big) : new BsonString(big.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        bool flag => BsonBoolean.Create(flag),
        float or double => new BsonDouble(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        decimal number => new BsonDecimal128(number),
        DateTime time => new BsonDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => new BsonDateTime(time.UtcDateTime),
        byte[] bytes => new BsonBinaryData(bytes),
        Guid guid => new BsonString(guid.ToString()),
        _ => new BsonString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A row's identity from its primary key: the value of a one-column key, an array of a composite key's values.</summary>
    public static BsonValue Key(IReadOnlyList<object?> values) =>
        values.Count == 1 ? ToBson(values[0]) : new BsonArray(values.Select(ToBson));
}

using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Mongo;

/// <summary>Marks an options property holding a MongoDB connection string: Orleans' options formatting (the options the
/// silo and the client log at start) shows it with its password replaced by <c>***</c>.</summary>
/// <remarks>Orleans' own <see cref="RedactConnectionStringAttribute"/> knows <c>key=value;</c> strings only and would
/// log a <c>mongodb://user:password@host</c> URL as it is; <see cref="RedactAttribute"/> would hide the server too.</remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RedactMongoCredentialsAttribute : RedactAttribute
{
    /// <inheritdoc />
    public override string Redact(object? value) => value is string connectionString ? ConnectionStringRedactor.Redact(connectionString) : "";
}

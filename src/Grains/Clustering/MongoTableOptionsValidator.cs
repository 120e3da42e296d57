using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Lad.Grains.Clustering;

/// <summary>Refuses, when the silo (or client) starts, options of a MongoDB table (clustering, reminders) that cannot
/// work, naming every wrong option and the provider in one message.</summary>
/// <typeparam name="TOptions">The table's options.</typeparam>
/// <param name="options">The table's options.</param>
/// <param name="provider">The provider in the message, e.g. "MongoDB clustering".</param>
public sealed class MongoTableOptionsValidator<TOptions>(IOptions<TOptions> options, string provider) : IConfigurationValidator
    where TOptions : MongoTableOptions
{
    /// <inheritdoc />
    /// <exception cref="OrleansConfigurationException">A setting is missing or malformed.</exception>
    public void ValidateConfiguration()
    {
        if (options.Value.Problems() is { Count: > 0 } problems)
        {
            throw new OrleansConfigurationException($"{provider}: {string.Join("; ", problems)}.");
        }
    }
}

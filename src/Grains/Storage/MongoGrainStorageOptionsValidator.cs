using Lad.Grains.Mongo;
using Orleans.Runtime;

namespace Lad.Grains.Storage;

/// <summary>Refuses, when the silo starts, a <see cref="MongoGrainStorage"/> whose options cannot work, naming every
/// wrong option and the provider in one message, so a silo never runs until its first state write to find out.</summary>
/// <param name="options">The provider's options.</param>
/// <param name="name">The provider's name.</param>
public sealed class MongoGrainStorageOptionsValidator(MongoGrainStorageOptions options, string name) : IConfigurationValidator
{
    private const string Options = nameof(MongoGrainStorageOptions);

    /// <inheritdoc />
    /// <exception cref="OrleansConfigurationException">An option is missing or out of range.</exception>
    public void ValidateConfiguration()
    {
        var problems = MongoOptionProblems.Of(Options, options.ConnectionString, options.CaFile).ToList();
        if (string.IsNullOrWhiteSpace(options.DatabaseName))
        {
            problems.Add($"{Options}.{nameof(options.DatabaseName)} is empty");
        }

        if (string.IsNullOrWhiteSpace(options.CollectionName))
        {
            problems.Add($"{Options}.{nameof(options.CollectionName)} is empty");
        }

        if (options.ChunkSize is < 1024 or > MongoGrainStorageOptions.MaxChunkSize)
        {
            problems.Add($"{Options}.{nameof(options.ChunkSize)} must be between 1024 and {MongoGrainStorageOptions.MaxChunkSize}, got {options.ChunkSize}");
        }

        if (options.GrainStorageSerializer is null)
        {
            problems.Add($"{Options}.{nameof(options.GrainStorageSerializer)} is not set");
        }

        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException($"MongoDB grain storage '{name}': {string.Join("; ", problems)}.");
        }
    }
}

using Orleans.Runtime;

namespace Lad.Grains.Storage;

/// <summary>Refuses, when the silo starts, a <see cref="FileGrainStorage"/> without a directory it can write in, so a
/// silo never runs until its first state write to find out.</summary>
/// <param name="options">The provider's options.</param>
/// <param name="name">The provider's name.</param>
public sealed class FileGrainStorageOptionsValidator(FileGrainStorageOptions options, string name) : IConfigurationValidator
{
    /// <inheritdoc />
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new OrleansConfigurationException($"File grain storage '{name}': {nameof(options.Directory)} is empty");
        }

        if (options.GrainStorageSerializer is null)
        {
            throw new OrleansConfigurationException($"File grain storage '{name}': {nameof(options.GrainStorageSerializer)} is not set");
        }

        try
        {
            System.IO.Directory.CreateDirectory(options.Directory);
            var probe = Path.Combine(options.Directory, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OrleansConfigurationException($"File grain storage '{name}': cannot write in {options.Directory}: {e.Message}", e);
        }
    }
}

using Lad.Grains.Abstractions.Security;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Checks a configuration file as the silo would at start (settings, then the certificate files they name) and
/// describes the result: one line per problem naming its key, or the effective settings with secrets masked.</summary>
/// <remarks>Shared by <c>lad config check FILE</c> and <c>lad-silo --check-config</c>.</remarks>
public static class ConfigCheck
{
    /// <summary>Exit code when the file is usable.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when it is not (as <c>lad-silo</c> exits on a bad configuration).</summary>
    public const int Invalid = 2;

    /// <summary>Loads <paramref name="path"/> with <paramref name="environment"/>'s overrides and loads the certificate
    /// files it names.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="environment">Environment variables (<c>LAD_&lt;KEY&gt;</c> overrides apply, as at start).</param>
    /// <param name="further">Checks of the caller's own (the silo's token file); may throw
    /// <see cref="LadConfigException"/> or <see cref="ArgumentException"/>.</param>
    /// <returns>The configuration, or the problems found.</returns>
    public static (LadConfig? Config, IReadOnlyList<string> Problems) Run(
        string path, IReadOnlyDictionary<string, string> environment, Action<LadConfig>? further = null)
    {
        try
        {
            var config = LadConfigLoader.LoadFile(path, environment);
            _ = DetectorOptionsMapping.From(config);
            _ = ClusterCertificates.Load(config.OrleansTlsCertificate, config.OrleansTlsKey, config.OrleansTlsAuthority);
            if (config.MongoCaFile is { } caFile)
            {
                _ = MongoTlsAuthority.Load(caFile);
            }

            further?.Invoke(config);
            return (config, []);
        }
        catch (LadConfigException e)
        {
            return (null, e.Errors.Select(error => error.ToString()).ToList());
        }
        catch (ArgumentException e)
        {
            return (null, [e.Message]);
        }
    }

    /// <summary>Writes the outcome of <see cref="Run"/>: the problems (one per line), or the warnings and the effective
    /// settings; returns the exit code.</summary>
    /// <param name="path">The file checked, named in the first line.</param>
    /// <param name="result">What <see cref="Run"/> returned.</param>
    /// <param name="output">Where the report goes.</param>
    public static int Report(string path, (LadConfig? Config, IReadOnlyList<string> Problems) result, TextWriter output)
    {
        if (result.Config is not { } config)
        {
            output.WriteLine($"{path}: {result.Problems.Count} problem(s)");
            foreach (var problem in result.Problems)
            {
                output.WriteLine(problem);
            }

            return Invalid;
        }

        output.WriteLine($"{path}: ok");
        foreach (var warning in config.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }

        foreach (var line in EffectiveSettings(config))
        {
            output.WriteLine(line);
        }

        return Ok;
    }

    /// <summary>Every setting's effective value (secrets as <c>***</c>, unset ones as <c>~</c>) and the log sources.</summary>
    public static IEnumerable<string> EffectiveSettings(LadConfig config)
    {
        var values = config.RedactedSettings();
        foreach (var definition in SettingCatalog.All)
        {
            yield return values[definition.Name] switch
            {
                null => $"{definition.Name}: ~",
                "" => $"{definition.Name}: \"\"",
                var value => $"{definition.Name}: {value}",
            };
        }

        yield return "LOG_SOURCES:";
        foreach (var source in config.Sources)
        {
            var extras = source.SessionRegex is { } regex ? $", SESSION_REGEX {regex}" : "";
            var target = config.WritesMySql
                ? $"MYSQL_TARGET_TABLE {MySqlTargetTables.Of(source.Collection, source.MySqlTargetTable, config.MySqlTargetTable)}"
                : $"MG_TARGET_COL {source.TargetCollection}";
            yield return $"  {source.Collection}: HOSTNAMES [{string.Join(", ", source.Hostnames)}], {target}{extras}";
        }
    }
}

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>The checks of the fork's database-free shape: <c>STORAGE_DATASOURCE: local</c> reading
/// <c>LS_INPUT_PATH</c>, anomalies to <c>stdout</c> or to <c>LS_OUTPUT_PATH</c> (<c>STORAGE_DATASINK: local</c>).</summary>
/// <remarks>The files are checked here, not when the silo first touches them, so a missing input or an output that cannot
/// be written is refused at start (and by <c>lad config check</c>) naming its key.</remarks>
internal static class LocalFileRules
{
    /// <summary>The source and sink value of local files.</summary>
    public const string FileSink = "local";

    /// <summary>The sink value of standard output.</summary>
    public const string StdoutSink = "stdout";

    /// <summary>Whether the configuration reads a local file.</summary>
    public static bool Applies(IReadOnlyDictionary<string, object?> values) =>
        string.Equals(values["STORAGE_DATASOURCE"] as string, FileSink, StringComparison.Ordinal);

    /// <summary>Adds the problems of a local-file configuration to <paramref name="errors"/>.</summary>
    public static void Check(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        var sink = values["STORAGE_DATASINK"] as string;
        if (sink is not (FileSink or StdoutSink))
        {
            errors.Add(new ConfigError("STORAGE_DATASINK",
                $"with STORAGE_DATASOURCE: local, anomalies go to \"{StdoutSink}\" or \"{FileSink}\" (the file LS_OUTPUT_PATH), got \"{sink}\""));
        }

        if (values["LS_INPUT_PATH"] is not string { Length: > 0 } input || string.IsNullOrWhiteSpace(input))
        {
            errors.Add(new ConfigError("LS_INPUT_PATH", "is empty: name the log file (or JSON export) to read"));
        }
        else if (Directory.Exists(input))
        {
            errors.Add(new ConfigError("LS_INPUT_PATH", $"{input} is a directory; name the log file in it"));
        }
        else if (!File.Exists(input))
        {
            errors.Add(new ConfigError("LS_INPUT_PATH", $"the input file {input} does not exist"));
        }

        if (sink == FileSink)
        {
            if (values["LS_OUTPUT_PATH"] is not string { Length: > 0 } output || string.IsNullOrWhiteSpace(output))
            {
                errors.Add(new ConfigError("LS_OUTPUT_PATH", "is empty: name the file anomalies are appended to (or use STORAGE_DATASINK: stdout)"));
            }
            else if (WriteProblem(output) is { } problem)
            {
                errors.Add(new ConfigError("LS_OUTPUT_PATH", problem));
            }
        }

        if (values["MODEL_DIR"] is not string { Length: > 0 } state || string.IsNullOrWhiteSpace(state))
        {
            errors.Add(new ConfigError("MODEL_DIR", "is empty: name the directory that keeps models and reading positions"));
        }
        else if (DirectoryProblem(state) is { } problem)
        {
            errors.Add(new ConfigError("MODEL_DIR", problem));
        }

        // One silo keeps its hosts' state in MODEL_DIR: silos on other machines could not share it.
        if (!string.Equals(values["CLUSTERING"] as string, nameof(ClusteringMode.Localhost), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ConfigError("CLUSTERING", $"must be \"localhost\" with STORAGE_DATASOURCE: local (one silo keeps its state in MODEL_DIR), got \"{values["CLUSTERING"]}\""));
        }
    }

    // Opened for appending as the sink will; a file this check had to create is removed again.
    private static string? WriteProblem(string path)
    {
        if (Directory.Exists(path))
        {
            return $"{path} is a directory; name the output file in it";
        }

        var existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            if (!existed)
            {
                File.Delete(path);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the output file {path}: {e.Message}";
        }
    }

    private static string? DirectoryProblem(string path)
    {
        if (File.Exists(path))
        {
            return $"{path} is a file; name a directory";
        }

        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".lad-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in {path}: {e.Message}";
        }
    }
}

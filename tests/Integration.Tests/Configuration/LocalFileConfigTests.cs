using Lad.Grains.Abstractions.Configuration;

namespace Lad.Integration.Tests.Configuration;

/// <summary>The fork's database-free shape: <c>STORAGE_DATASOURCE: local</c> with <c>LS_INPUT_PATH</c>, anomalies to
/// <c>stdout</c> or to <c>LS_OUTPUT_PATH</c>; its files are checked at load, each problem naming its key.</summary>
public sealed class LocalFileConfigTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-localcfg-").FullName;

    public LocalFileConfigTests() => File.WriteAllText(Input, "Nov 24 10:00:00 web-1 sshd[7]: up\n");

    private string Input => Path.Combine(_directory, "app.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheForksLocalShapeLoadsWithItsFilesAndNoDatabaseKeys()
    {
        var stdout = LadConfigLoader.Load(Yaml("stdout"), NoEnvironment);
        var local = LadConfigLoader.Load(Yaml("local", $"LS_OUTPUT_PATH: {_directory}/out.ndjson"), NoEnvironment);

        Assert.True(stdout.UsesLocalFiles);
        Assert.True(stdout.WritesToStdout);
        Assert.Equal(Input, stdout.LocalInputPath);
        Assert.False(local.WritesToStdout);
        Assert.Equal($"{_directory}/out.ndjson", local.LocalOutputPath);
        Assert.Equal($"{_directory}/state", local.ModelDirectory);
        Assert.False(File.Exists($"{_directory}/out.ndjson"));
        // The file keys are used in this mode, so none is warned about as unused.
        Assert.DoesNotContain(local.Warnings, w => w.StartsWith("LS_", StringComparison.Ordinal) || w.StartsWith("MODEL_DIR", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingInputFileIsOneErrorNamingTheKeyAndThePath()
    {
        var missing = Path.Combine(_directory, "nope.log");

        var error = Assert.Single(Errors(Yaml("stdout").Replace(Input, missing, StringComparison.Ordinal)));

        Assert.Equal("LS_INPUT_PATH", error.Key);
        Assert.Equal($"the input file {missing} does not exist", error.Message);
    }

    [Fact]
    public void AnOutputPathThatCannotBeWrittenIsOneErrorNamingTheKey()
    {
        var error = Assert.Single(Errors(Yaml("local", $"LS_OUTPUT_PATH: {_directory}/no/such/dir/out.ndjson")));

        Assert.Equal("LS_OUTPUT_PATH", error.Key);
        Assert.StartsWith($"cannot write the output file {_directory}/no/such/dir/out.ndjson", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLocalSinkWithoutAnOutputPathIsRefused()
    {
        var error = Assert.Single(Errors(Yaml("local")));

        Assert.Equal("LS_OUTPUT_PATH", error.Key);
    }

    [Theory]
    [InlineData("mg")]
    [InlineData("mysql")]
    public void ALocalSourceWithADatabaseSinkIsOneErrorNamingTheSink(string sink)
    {
        var error = Assert.Single(Errors(Yaml(sink)));

        Assert.Equal("STORAGE_DATASINK", error.Key);
        Assert.Equal($"with STORAGE_DATASOURCE: local, anomalies go to \"stdout\" or \"local\" (the file LS_OUTPUT_PATH), got \"{sink}\"", error.Message);
    }

    [Theory]
    [InlineData("mg", "stdout")]
    [InlineData("mg", "local")]
    [InlineData("mysql", "stdout")]
    [InlineData("mysql", "local")]
    public void ADatabaseSourceWithAFileOrStdoutSinkIsOneErrorNamingTheSink(string source, string sink)
    {
        var error = Assert.Single(Errors($"""
            STORAGE_DATASOURCE: {source}
            STORAGE_DATASINK: {sink}
            MG_INPUT_DB: logs
            MG_TARGET_DB: lad
            MG_INPUT_COL: web_logs
            """));

        Assert.Equal("STORAGE_DATASINK", error.Key);
        Assert.Equal(
            $"\"{sink}\" goes with STORAGE_DATASOURCE: local; a MongoDB or MySQL source writes its anomalies to MongoDB (\"mg\") or MySQL (\"mysql\")",
            error.Message);
    }

    [Fact]
    public void OneSiloKeepsTheStateSoClusteringMustBeLocalhost()
    {
        var error = Assert.Single(Errors(Yaml("stdout", "CLUSTERING: mongo")));

        Assert.Equal("CLUSTERING", error.Key);
    }

    private string Yaml(string sink, string extra = "") => $"""
        STORAGE_DATASOURCE: local
        STORAGE_DATASINK: {sink}
        LS_INPUT_PATH: {Input}
        MODEL_DIR: {_directory}/state
        LOGSOURCE_HOSTNAME: web-1
        {extra}
        """;

    private static List<ConfigError> Errors(string yaml) =>
        Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(yaml, NoEnvironment)).Errors.ToList();
}

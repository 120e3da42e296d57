using Lad.Client.Commands;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Console;

/// <summary><c>lad config check FILE</c>: every problem by key with exit code 2, or the effective settings with secrets masked.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"lad-check-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void AGoodFilePrintsItsEffectiveSettingsWithSecretsMasked()
    {
        File.WriteAllText(_file, """
            MG_URI: "mongodb://lad:uri-secret@db.example:27017/?authSource=admin"
            MG_PASSWORD: "password123"
            MG_DB: logstoredb
            MESSAGE_INDEX: message
            HOSTNAME_INDEX: hostname
            INFER_LOOPS: 1
            MYSQL_TARGET_PASSWORD: "mysql-secret"
            LOG_SOURCES:
              network_logs:
                HOSTNAMES: ["cumulus", "EXOS-VM"]
            """);

        var (code, output) = Check(new Dictionary<string, string> { ["LAD_POLL_INTERVAL"] = "7" });

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{_file}: ok", lines[0]);
        Assert.Contains("warning: INFER_LOOPS: accepted but not used by LAD (LAD retrains by age (RETRAIN_INTERVAL), not after a number of inference loops)", lines);
        Assert.Contains("MG_URI: mongodb://lad:***@db.example:27017/?authSource=admin", lines);
        Assert.Contains("MG_PASSWORD: ***", lines);
        Assert.Contains("MYSQL_TARGET_PASSWORD: ***", lines);
        Assert.Contains("MG_INPUT_DB: logstoredb", lines);
        Assert.Contains("MG_TARGET_DB: logstoredb", lines);
        Assert.Contains("MG_MESSAGE_FIELD: message", lines);
        Assert.Contains("MG_TIME_FIELD: ~", lines);
        Assert.Contains("POLL_INTERVAL: 7", lines);
        Assert.Contains("MG_CHANGE_STREAMS: true", lines);
        Assert.Contains("network_logs: HOSTNAMES [cumulus, EXOS-VM], MG_TARGET_COL network_logs_anomalies", lines);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("password123", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheForksMysqlFileIsCheckedSayingWhereAnomaliesGoAndWhereLadKeepsItsState()
    {
        File.WriteAllText(_file, ForkFiles.MysqlYaml);

        var (code, output) = Check(new Dictionary<string, string>());

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(
            "warning: MG_TARGET_DB: not set; LAD keeps its own state (models, reading positions, incidents, feedback, dead letters) in MongoDB "
            + "database 'lad' at localhost:27017 (MG_URI or MG_HOST/MG_PORT): MySQL holds only the logs and the anomaly rows", lines);
        Assert.Contains("logs: HOSTNAMES [data.solidex.by], MYSQL_TARGET_TABLE anomaly_logs", lines);
        Assert.Contains("MYSQL_INPUT_PASSWORD: ***", lines);
        Assert.DoesNotContain("password123", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadFileIsOneLinePerProblemNamingTheKeyAndExitCode2()
    {
        File.WriteAllText(_file, """
            STORAGE_DATASINK: stdout
            MESSAGE_INDEX: message
            MG_MESSAGE_FIELD: msg
            MODEL: lof
            LOF_METRIC: cosine
            LOG_SOURCES:
              network_logs:
                HOSTNAMES: ["cumulus"]
            """);

        var (code, output) = Check(new Dictionary<string, string>());

        Assert.Equal(2, code);
        Assert.Equal(
            [
                $"{_file}: 3 problem(s)",
                "line 3: MESSAGE_INDEX, MG_MESSAGE_FIELD: both name MG_MESSAGE_FIELD but differ ('message' and 'msg'); keep one of them",
                "STORAGE_DATASINK: \"stdout\" goes with STORAGE_DATASOURCE: local; a MongoDB or MySQL source writes its anomalies to MongoDB (\"mg\") or MySQL (\"mysql\")",
                "LOF_METRIC: must be one of euclidean (or l2, minkowski), manhattan (or cityblock, l1), chebyshev (or infinity), got \"cosine\"",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private (int Code, string Output) Check(IReadOnlyDictionary<string, string> environment)
    {
        using var output = new StringWriter();
        var code = ConfigCommand.Run(_file, environment, output);
        return (code, output.ToString());
    }
}

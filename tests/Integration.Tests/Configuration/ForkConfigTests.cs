using Lad.Grains.Abstractions.Configuration;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;

namespace Lad.Integration.Tests.Configuration;

/// <summary>The keys of the seed fork's last version (nadzyah/log-anomaly-detector) load and mean what they meant there.</summary>
public sealed class ForkConfigTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly TestCertificates _certificates = new();

    // The fork's multihost.yaml as its last README gives it: one database (MG_DB), no anomaly collections (it flagged
    // the log documents in place), TLS with a CA file, and lower-case field names.
    private string FinalMultihost => $"""
        STORAGE_DATASOURCE: mg
        STORAGE_DATASINK: mg
        MG_HOST: 172.17.18.83
        MG_PORT: 27017
        MG_USER: dbadmin
        MG_PASSWORD: password123
        MG_CA_CERT: {_certificates.Authority}
        MG_VERIFY_CERT: true
        MODEL_BASE_DIR: "/opt/anomaly_detector/models/"
        MG_DB: "logstoredb"
        LOG_SOURCES:
          network_logs:
            HOSTNAMES:
              - "cumulus"
              - "EXOS-VM"
          web_logs:
            HOSTNAMES:
              - "dataform"
        MESSAGE_INDEX: "message"
        DATETIME_INDEX: "received_at"
        HOSTNAME_INDEX: "hostname"
        TRAIN_MAX_ENTRIES: 100000
        TRAIN_TIME_SPAN: 2592000
        """;

    // The fork's dataform.yaml: one host of one collection, named by scalar keys (switched to MongoDB, as its comments offer).
    private string Dataform => $"""
        STORAGE_DATASOURCE: mg
        LS_INPUT_PATH: "./validation_data/solidex.by.json"
        STORAGE_DATASINK: mg
        MG_HOST: 172.17.18.83
        MG_PORT: 27017
        MG_USER: dbadmin
        MG_PASSWORD: password123
        MG_CA_CERT: "{_certificates.Authority}"
        MG_VERIFY_CERT: true
        MG_INPUT_DB: fluentdb
        MG_INPUT_COL: network_logs
        MG_TARGET_DB: anomalydb
        MG_TARGET_COL: network_anomaly
        DATETIME_INDEX: timestamp
        HOSTNAME_INDEX: hostname
        MESSAGE_INDEX: message
        TRAIN_TIME_SPAN: 86400
        INFER_LOOPS: 1
        MODEL_DIR: "./models/"
        LOGSOURCE_HOSTNAME: 195-137-160-145.hoster.by
        """;

    private const string Minimal = """
        MG_INPUT_DB: logs
        MG_TARGET_DB: anomalies
        LOG_SOURCES:
          network_logs:
            HOSTNAMES: ["cumulus"]
            MG_TARGET_COL: network_anomaly
        """;

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void FinalMultihostLoadsWithItsFieldsDatabaseAndTls()
    {
        var config = LadConfigLoader.Load(FinalMultihost, NoEnvironment);

        Assert.Equal("message", config.MessageField);
        Assert.Equal("hostname", config.HostnameField);
        Assert.Equal("received_at", config.TimeField);
        Assert.Equal("logstoredb", config.InputDatabase);
        Assert.Equal("logstoredb", config.TargetDatabase);
        Assert.Equal(["network_logs", "web_logs"], config.Sources.Select(s => s.Collection));
        Assert.Equal(["network_logs_anomalies", "web_logs_anomalies"], config.Sources.Select(s => s.TargetCollection));
        Assert.Equal(["cumulus", "EXOS-VM"], config.Sources[0].Hostnames);
        Assert.True(config.MongoUseTls);
        Assert.True(config.MongoVerifyCertificates);
        Assert.Equal(_certificates.Authority, config.MongoCaFile);
        Assert.Equal("mongodb://dbadmin:password123@172.17.18.83:27017/?tls=true", MongoConnectionString.From(config));
        Assert.Equal(100000, config.TrainMaxEntries);
        Assert.Equal("/opt/anomaly_detector/models/", config.Settings["MODEL_BASE_DIR"]);
    }

    [Fact]
    public void DataformShapeLoadsAsOneSourceWithOneHost()
    {
        var config = LadConfigLoader.Load(Dataform, NoEnvironment);

        var source = Assert.Single(config.Sources);
        Assert.Equal("network_logs", source.Collection);
        Assert.Equal(["195-137-160-145.hoster.by"], source.Hostnames);
        Assert.Equal("network_anomaly", source.TargetCollection);
        Assert.Equal(("fluentdb", "anomalydb"), (config.InputDatabase, config.TargetDatabase));
        Assert.Equal(("message", "hostname", "timestamp"), (config.MessageField, config.HostnameField, config.TimeField));
        Assert.Equal(TimeSpan.FromDays(1), config.TrainTimeSpan);
    }

    [Fact]
    public void SingleHostFilesNameTheirCollectionWithMgCollectionAndDatabaseWithMgDb()
    {
        var config = LadConfigLoader.Load("""
            MG_DB: logstoredb
            MG_COLLECTION: web_logs
            LOGSOURCE_HOSTNAME: dataform
            """, NoEnvironment);

        var source = Assert.Single(config.Sources);
        Assert.Equal(new LogSourceConfig("web_logs", source.Hostnames, "web_logs_anomalies"), source);
        Assert.Equal(["dataform"], source.Hostnames);
        Assert.Equal(("logstoredb", "logstoredb"), (config.InputDatabase, config.TargetDatabase));
    }

    [Theory]
    [InlineData("MESSAGE_INDEX", "MG_MESSAGE_FIELD", "msg")]
    [InlineData("HOSTNAME_INDEX", "MG_HOSTNAME_FIELD", "host")]
    [InlineData("DATETIME_INDEX", "MG_TIME_FIELD", "received_at")]
    [InlineData("MG_DB", "MG_INPUT_DB", "logstoredb")]
    [InlineData("MG_VERIFY_CERT", "MG_VERIFY_CERTS", true)]
    public void EachForkKeySetsItsLadSetting(string forkKey, string ladKey, object value)
    {
        var yaml = Minimal.Replace("MG_INPUT_DB: logs\n", "", StringComparison.Ordinal) + $"\n{forkKey}: {Yaml(value)}\n";
        if (forkKey != "MG_DB")
        {
            yaml += "MG_INPUT_DB: logs\n";
        }

        var config = LadConfigLoader.Load(yaml, NoEnvironment);

        Assert.Equal(value, config.Settings[ladKey]);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void OlderCaKeyNamesTheCaFileAndUserAndPasswordGoIntoTheConnection()
    {
        var config = LadConfigLoader.Load(Minimal + $"""

            MG_CACERT_DIR: {_certificates.Authority}
            MG_USER: "lad user"
            MG_PASSWORD: "p@ss:word"
            """, NoEnvironment);

        Assert.Equal(_certificates.Authority, config.MongoCaFile);
        Assert.False(config.MongoVerifyCertificates);
        Assert.Equal("mongodb://lad%20user:p%40ss%3Aword@localhost:27017/?tls=true&tlsInsecure=true", MongoConnectionString.From(config));
    }

    [Fact]
    public void ForkKeysAreReadFromTheEnvironmentToo()
    {
        var config = LadConfigLoader.Load(Minimal, new Dictionary<string, string> { ["LAD_MESSAGE_INDEX"] = "message" });

        Assert.Equal("message", config.MessageField);
        Assert.Empty(config.Warnings);
    }

    [Theory]
    [InlineData("MESSAGE_INDEX: message", "MG_MESSAGE_FIELD: msg", "MESSAGE_INDEX, MG_MESSAGE_FIELD")]
    [InlineData("HOSTNAME_INDEX: hostname", "MG_HOSTNAME_FIELD: Hostname", "HOSTNAME_INDEX, MG_HOSTNAME_FIELD")]
    [InlineData("MG_TIME_FIELD: ts", "DATETIME_INDEX: received_at", "MG_TIME_FIELD, DATETIME_INDEX")]
    [InlineData("MG_VERIFY_CERT: true", "MG_VERIFY_CERTS: false", "MG_VERIFY_CERT, MG_VERIFY_CERTS")]
    [InlineData("MG_DB: logstoredb", "", "MG_DB, MG_INPUT_DB")]
    [InlineData("MG_COLLECTION: web_logs", "MG_INPUT_COL: network_logs", "MG_COLLECTION, MG_INPUT_COL")]
    public void TwoKeysForOneSettingSetDifferentlyAreOneErrorNamingBoth(string first, string second, string keys)
    {
        var yaml = $"{first}\n{Minimal}\n{second}\n";

        var error = Assert.Single(Errors(yaml));

        Assert.Equal(keys, error.Key);
        Assert.Contains("differ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaKeysSetDifferentlyAreAnErrorNamingBoth()
    {
        using var other = new TestCertificates();
        var yaml = $"{Minimal}\nMG_CA_CERT: {_certificates.Authority}\nMG_CACERT_DIR: {other.Authority}\n";

        var error = Assert.Single(Errors(yaml));

        Assert.Equal("MG_CA_CERT, MG_CACERT_DIR", error.Key);
    }

    [Fact]
    public void TwoKeysForOneSettingWithTheSameValueAreFine()
    {
        var config = LadConfigLoader.Load(Minimal + "\nMESSAGE_INDEX: message\nMG_MESSAGE_FIELD: message\n", NoEnvironment);

        Assert.Equal("message", config.MessageField);
    }

    [Theory]
    [InlineData("STORAGE_DATASOURCE", "es", "the daemon reads \"mg\" (MongoDB), \"mysql\" (MySQL, MariaDB) or \"local\" (the file LS_INPUT_PATH), got \"es\"")]
    [InlineData("STORAGE_DATASINK", "es", "a MongoDB or MySQL source writes its anomalies to MongoDB (\"mg\") or MySQL (\"mysql\"), got \"es\"")]
    public void AStorageLadDoesNotHaveIsOneLineNamingTheKey(string key, string value, string message)
    {
        var error = Assert.Single(Errors($"{Minimal}\n{key}: {value}\n"));

        Assert.Equal((key, message), (error.Key, error.Message));
    }

    [Fact]
    public void TheForksMysqlFileLoadsAndSaysWhereLadKeepsItsOwnState()
    {
        var config = LadConfigLoader.Load(ForkMysqlYaml, NoEnvironment);

        Assert.True(config.ReadsMySql && config.WritesMySql);
        Assert.Equal(new MySqlEndpoint("127.0.0.1", 3306, "dbadmin", "password123", "original_logs"), config.MySqlInput);
        Assert.Equal(new MySqlEndpoint("127.0.0.1", 3306, "dbadmin", "password123", "logstoredb"), config.MySqlTarget);
        var source = Assert.Single(config.Sources);
        Assert.Equal(("logs", "data.solidex.by", "anomaly_logs"), (source.Collection, Assert.Single(source.Hostnames), source.MySqlTargetTable));
        Assert.Equal(("message", "hostname", "received_at"), (config.MessageField, config.HostnameField, config.TimeField));
        Assert.Equal("DATETIME_INDEX", config.KeyOf("MG_TIME_FIELD"));
        // The file names no MongoDB, which LAD still needs for models, positions and incidents: one line says so.
        Assert.Equal("lad", config.TargetDatabase);
        var notice = Assert.Single(config.Warnings);
        Assert.StartsWith("MG_TARGET_DB: not set; LAD keeps its own state (models, reading positions, incidents, feedback, dead letters) in MongoDB database 'lad' at localhost:27017", notice, StringComparison.Ordinal);
        Assert.Equal("***", config.RedactedSettings()["MYSQL_INPUT_PASSWORD"]);
    }

    [Fact]
    public void AMysqlSourceWithoutATimeColumnOrServerIsRefusedNamingTheKeys()
    {
        var yaml = ForkMysqlYaml.Replace("DATETIME_INDEX: received_at\n", "", StringComparison.Ordinal)
            .Replace("MYSQL_INPUT_HOST: 127.0.0.1\n", "", StringComparison.Ordinal);

        Assert.Equal(["DATETIME_INDEX", "MYSQL_INPUT_HOST"], Errors(yaml).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("DATETIME or TIMESTAMP column", Errors(yaml).Single(e => e.Key == "DATETIME_INDEX").Message, StringComparison.Ordinal);
    }

    // The fork's config_files/mysql.yaml (its last version), verbatim but for the addresses.
    private static readonly string ForkMysqlYaml = ForkFiles.MysqlYaml.Replace("172.17.18.93", "127.0.0.1", StringComparison.Ordinal);

    [Fact]
    public void TheLofModelTakesItsNeighboursAndMetric()
    {
        var config = LadConfigLoader.Load(Minimal + "\nMODEL: lof\nLOF_NEIGHBORS: 20\nLOF_METRIC: cityblock\nLOF_MODEL_FILE: LOF.model\n", NoEnvironment);

        Assert.Equal((DetectorModel.Lof, 20, "cityblock"), (config.Model, config.LofNeighbors, config.LofMetric));
        Assert.Equal(["LOF_MODEL_FILE"], config.Warnings.Select(w => w[..w.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData("LOF_METRIC: cosine", "LOF_METRIC", "must be one of euclidean (or l2, minkowski), manhattan (or cityblock, l1), chebyshev (or infinity), got \"cosine\"")]
    [InlineData("LOF_NEIGHBORS: 0", "LOF_NEIGHBORS", "must be the number of nearest training lines a line is compared with, 1 to 100000, got 0")]
    public void TheLofModelRefusesBadNeighboursOrMetricNamingTheKey(string line, string key, string message)
    {
        var error = Assert.Single(Errors($"{Minimal}\nMODEL: lof\n{line}\n"));

        Assert.Equal((key, message), (error.Key, error.Message));
    }

    [Fact]
    public void LofMysqlAndFileKeysAreStored()
    {
        var config = LadConfigLoader.Load(Minimal.Replace(
            "MG_TARGET_COL: network_anomaly", "MG_TARGET_COL: network_anomaly\n    MYSQL_TARGET_TABLE: anomaly_logs", StringComparison.Ordinal) + """

            LOF_NEIGHBORS: 50
            LOF_METRIC: cosine
            LOF_MODEL_FILE: LOF.model
            MYSQL_INPUT_PORT: 3307
            MYSQL_TARGET_PASSWORD: secret
            LS_OUTPUT_PATH: /tmp/out.json
            """, NoEnvironment);

        Assert.Equal(50L, config.Settings["LOF_NEIGHBORS"]);
        Assert.Equal("cosine", config.Settings["LOF_METRIC"]);
        Assert.Equal("LOF.model", config.Settings["LOF_MODEL_FILE"]);
        Assert.Equal(3307L, config.Settings["MYSQL_INPUT_PORT"]);
        Assert.Equal("/tmp/out.json", config.Settings["LS_OUTPUT_PATH"]);
        Assert.Equal("anomaly_logs", config.Sources[0].MySqlTargetTable);
        Assert.Equal("***", config.RedactedSettings()["MYSQL_TARGET_PASSWORD"]);
    }

    [Fact]
    public void EachKeySetButUnusedIsOneWarningSayingSo()
    {
        var config = LadConfigLoader.Load(Minimal + """

            INFER_LOOPS: 1
            W2V_WORKERS: 4
            ES_ENDPOINT: http://es:9200
            MODEL_DIR: ./models/
            LOF_NEIGHBORS: 100
            LOF_MODEL_FILE: LOF.model
            INFER_ANOMALY_THRESHOLD: 3
            TRAIN_WINDOW: 5
            """, new Dictionary<string, string> { ["LAD_MYSQL_INPUT_HOST"] = "db" });

        Assert.Equal(
            ["ES_ENDPOINT", "INFER_LOOPS", "LOF_MODEL_FILE", "MODEL_DIR", "MYSQL_INPUT_HOST", "W2V_WORKERS"],
            config.Warnings.Select(w => w[..w.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(config.Warnings, w => Assert.Contains(": accepted but not used by LAD (", w, StringComparison.Ordinal));
        Assert.Contains("MODEL_DIR: accepted but not used by LAD (models are stored in MongoDB (MG_TARGET_DB), not in files)", config.Warnings);
    }

    [Fact]
    public void SingleSourceKeysBesideLogSourcesAreWarnedAsUnused()
    {
        var config = LadConfigLoader.Load(Minimal + "\nMG_COLLECTION: web_logs\nLOGSOURCE_HOSTNAME: dataform\n", NoEnvironment);

        Assert.Equal(
            [
                "MG_COLLECTION: accepted but not used by LAD (LOG_SOURCES names the collections and hosts)",
                "LOGSOURCE_HOSTNAME: accepted but not used by LAD (LOG_SOURCES names the collections and hosts)",
            ],
            config.Warnings);
        Assert.Equal(["network_logs"], config.Sources.Select(s => s.Collection));
    }

    [Fact]
    public void ACaFileThatDoesNotExistIsAnErrorNamingTheKeyAndPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"lad-missing-{Guid.NewGuid():N}", "LAD_CA.crt");

        var direct = Assert.Single(Errors($"{Minimal}\nMG_CA_CERT: {missing}\n"));
        var older = Assert.Single(Errors($"{Minimal}\nMG_CACERT_DIR: {missing}\n"));

        Assert.Equal($"MG_CA_CERT: the CA certificate file {missing} does not exist", direct.ToString());
        Assert.Equal($"MG_CACERT_DIR: the CA certificate file {missing} does not exist", older.ToString());
    }

    [Fact]
    public void ACaKeyNamingADirectoryIsAnErrorAskingForTheFile()
    {
        var directory = Path.GetDirectoryName(_certificates.Authority)!;

        var error = Assert.Single(Errors($"{Minimal}\nMG_CACERT_DIR: {directory}\n"));

        Assert.Equal($"MG_CACERT_DIR: {directory} is a directory; name the CA certificate file (PEM) in it", error.ToString());
    }

    [Fact]
    public void ACertificateDirectoryThatDoesNotExistIsAnError()
    {
        var error = Assert.Single(Errors($"{Minimal}\nMG_CERT_DIR: /nonexistent/lad-certs\n"));

        Assert.Equal("MG_CERT_DIR: the certificate directory /nonexistent/lad-certs does not exist", error.ToString());
    }

    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(yaml, NoEnvironment)).Errors;

    private static string Yaml(object value) => value is bool b ? (b ? "true" : "false") : value.ToString()!;
}

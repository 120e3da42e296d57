using Lad.Grains.Abstractions.Configuration;

namespace Lad.Integration.Tests.Configuration;

public class LadConfigLoaderTests
{
    // The seed project's multi-source file, verbatim.
    private const string SeedYaml = """
        STORAGE_DATASOURCE: "mg"
        STORAGE_DATASINK: "mg"
        MG_HOST: "172.17.18.83"
        MG_PORT: 27017
        MG_INPUT_DB: "logstoredb"
        MG_TARGET_DB: "anomalydb"
        LOG_SOURCES:
          "network_logs":                 # input collection in MG_INPUT_DB
            HOSTNAMES: ["cumulus", "EXOS-VM", "172.17.18.178"]
            MG_TARGET_COL: "network_anomaly"   # collection in MG_TARGET_DB for this source's anomalies
          "web_logs":
            HOSTNAMES: ["dataform"]
            MG_TARGET_COL: "web_anomaly"
        """;

    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void SeedYamlLoadsVerbatim()
    {
        var config = LadConfigLoader.Load(SeedYaml, NoEnvironment);

        Assert.Equal("172.17.18.83", config.MongoHost);
        Assert.Equal(27017, config.MongoPort);
        Assert.Equal("logstoredb", config.InputDatabase);
        Assert.Equal("anomalydb", config.TargetDatabase);
        Assert.Equal(2, config.Sources.Count);
        Assert.Equal("network_logs", config.Sources[0].Collection);
        Assert.Equal(["cumulus", "EXOS-VM", "172.17.18.178"], config.Sources[0].Hostnames);
        Assert.Equal("network_anomaly", config.Sources[0].TargetCollection);
        Assert.Equal(new LogSourceConfig("web_logs", ["dataform"], "web_anomaly").Hostnames, config.Sources[1].Hostnames);
        Assert.Equal("web_anomaly", config.Sources[1].TargetCollection);
        Assert.Equal("mongodb://172.17.18.83:27017/", MongoConnectionString.From(config));
    }

    [Fact]
    public void DefaultsApplyForLadAndSeedKeys()
    {
        var config = LadConfigLoader.Load(SeedYaml, NoEnvironment);

        Assert.Equal("Message", config.MessageField);
        Assert.Equal("Hostname", config.HostnameField);
        Assert.Null(config.LevelField);
        Assert.Null(config.TimeField);
        Assert.Equal(TimeSpan.FromDays(30), config.TrainTimeSpan);
        Assert.Equal(315448, config.TrainMaxEntries);
        Assert.Equal(2, config.Parallelism);
        Assert.Equal(DetectorModel.Default, config.Model);
        Assert.Equal(3.1, config.InferAnomalyThreshold);
        Assert.Equal(25, config.TrainVectorLength);
        Assert.Equal(5, config.TrainWindow);
        Assert.Equal(1, config.W2vMinCount);
        Assert.Equal(5, config.W2vIterations);
        Assert.Equal(1, config.W2vSeed);
        Assert.Equal(24, config.SomNodeMap);
        Assert.Equal("pca", config.SomInit);
        Assert.Null(config.LocalInputPath);
        Assert.Equal(78862L, config.Settings["INFER_MAX_ENTRIES"]);
        Assert.Equal("PLAINTEXT", config.Settings["KF_SECURITY_PROTOCOL"]);
    }

    [Fact]
    public void LegacyKeysInYamlAreParsedWithTheirTypes()
    {
        var yaml = SeedYaml + """

            INFER_ANOMALY_THRESHOLD: 2.5
            TRAIN_VECTOR_LENGTH: "40"
            W2V_COMPUTE_LOSS: yes
            SOMPY_INIT: random
            LS_INPUT_PATH: /var/log/app.log
            MODEL: som
            KF_CACERT: ~
            """;

        var config = LadConfigLoader.Load(yaml, NoEnvironment);

        Assert.Equal(2.5, config.InferAnomalyThreshold);
        Assert.Equal(40, config.TrainVectorLength);
        Assert.Equal(true, config.Settings["W2V_COMPUTE_LOSS"]);
        Assert.Equal("random", config.SomInit);
        Assert.Equal("/var/log/app.log", config.LocalInputPath);
        Assert.Equal(DetectorModel.Som, config.Model);
        Assert.Null(config.Settings["KF_CACERT"]);
    }

    // The upper-case keys of the seed's Configuration class (AICoE log-anomaly-detector and its MongoDB fork),
    // except *_CALLABLE hooks; STORAGE_DATASOURCE/SINK, TRAIN_TIME_SPAN and PARALLELISM are LAD keys too.
    private static readonly string[] SeedKeys =
    [
        "FACT_STORE_URL", "FREQ_NOISE", "LOGSOURCE_HOSTNAME", "MODEL_DIR", "MODEL_FILE", "W2V_MODEL_FILE", "MODEL_PATH",
        "W2V_MODEL_PATH", "W2V_MIN_COUNT", "W2V_ITER", "W2V_COMPUTE_LOSS", "W2V_SEED", "W2V_WORKERS", "SOMPY_TRAIN_ROUGH_LEN",
        "SOMPY_TRAIN_FINETUNE_LEN", "SOMPY_NODE_MAP", "SOMPY_INIT", "MODEL_STORE", "MODEL_STORE_PATH", "TRAIN_TIME_SPAN",
        "TRAIN_MAX_ENTRIES", "TRAIN_ITERATIONS", "TRAIN_UPDATE_MODEL", "TRAIN_WINDOW", "TRAIN_VECTOR_LENGTH", "PARALLELISM",
        "INFER_ANOMALY_THRESHOLD", "INFER_TIME_SPAN", "INFER_LOOPS", "INFER_MAX_ENTRIES", "S3_KEY", "S3_SECRET", "S3_HOST",
        "S3_BUCKET", "LS_INPUT_PATH", "LS_OUTPUT_PATH", "LS_OUTPUT_RWA_MODE", "ES_ENDPOINT", "ES_CERT_DIR", "ES_USE_SSL",
        "ES_VERIFY_CERTS", "ES_TARGET_INDEX", "ES_INPUT_INDEX", "LOG_FORMATTER", "ES_QUERY", "ES_VERSION",
        "KF_BOOTSTRAP_SERVER", "KF_TOPIC", "KF_CACERT", "KF_SECURITY_PROTOCOL", "KF_AUTO_TIMEOUT", "ES_ELAST_ALERT",
        "OS_NAMESPACE", "MG_USE_SSL", "MG_CERT_DIR", "MG_VERIFY_CERTS", "MG_HOST", "MG_PORT", "MG_USER", "MG_PASSWORD",
        "MG_INPUT_DB", "MG_INPUT_COL", "MG_TARGET_DB", "MG_TARGET_COL",

        // The fork's aggregation step.
        "AGGR_TIME_SPAN", "AGGR_MAX_ENTRIES", "AGGR_EPS", "AGGR_MIN_SAMPLES", "AGGR_VECTOR_LENGTH", "AGGR_WINDOW",

        // The fork's last version (nadzyah/log-anomaly-detector).
        "MG_CA_CERT", "LOF_NEIGHBORS", "LOF_METRIC", "LOF_MODEL_FILE", "MODEL_BASE_DIR",
        "MYSQL_INPUT_HOST", "MYSQL_INPUT_PORT", "MYSQL_INPUT_USER", "MYSQL_INPUT_PASSWORD", "MYSQL_INPUT_DB", "MYSQL_INPUT_TABLE",
        "MYSQL_TARGET_HOST", "MYSQL_TARGET_PORT", "MYSQL_TARGET_USER", "MYSQL_TARGET_PASSWORD", "MYSQL_TARGET_DB", "MYSQL_TARGET_TABLE",
    ];

    [Fact]
    public void EverySeedKeyIsKnownAndMarkedAsSeed()
    {
        var seedMarked = SettingCatalog.All.Where(d => d.FromSeed).Select(d => d.Name);

        Assert.Equal(SeedKeys.Order(StringComparer.Ordinal), seedMarked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SeedFileSettingEverySeedKeyLoads()
    {
        // Each key set to its own default, written the way the seed's files write values.
        var lines = SettingCatalog.All.Where(d => d.FromSeed && d.Name is not ("MG_HOST" or "MG_PORT" or "MG_INPUT_DB" or "MG_TARGET_DB" or "MG_INPUT_COL" or "MG_TARGET_COL" or "MG_CA_CERT"))
            .Select(d => $"{d.Name}: {Yaml(d.Default)}");
        var yaml = SeedYaml + "\n" + string.Join("\n", lines) + "\n";

        var config = LadConfigLoader.Load(yaml, NoEnvironment);

        Assert.Equal(2, config.Sources.Count);
        Assert.Equal(SettingCatalog.All.Count, config.Settings.Count);
        Assert.Equal(315448L, config.Settings["TRAIN_ITERATIONS"]);
        Assert.Equal(false, config.Settings["TRAIN_UPDATE_MODEL"]);
        Assert.Equal(true, config.Settings["ES_USE_SSL"]);
    }

    private static string Yaml(object? value) => value switch
    {
        null => "~",
        bool b => b ? "True" : "False",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no YAML form for {value}"),
    };

    [Fact]
    public void EnvironmentOverridesYamlScalars()
    {
        var environment = new Dictionary<string, string>
        {
            ["LAD_MG_HOST"] = "db.internal",
            ["LAD_MG_PORT"] = "27018",
            ["LAD_TRAIN_MAX_ENTRIES"] = "5000",
            ["LAD_TRAIN_TIME_SPAN"] = "3600",
            ["LAD_MG_LEVEL_FIELD"] = "Severity",
            ["LAD_INFER_ANOMALY_THRESHOLD"] = "4.25",
            ["LAD_MG_USE_SSL"] = "true",
            ["LAD_DATASETS"] = "/not/a/config/key",
        };

        var config = LadConfigLoader.Load(SeedYaml, environment);

        Assert.Equal("db.internal", config.MongoHost);
        Assert.Equal(27018, config.MongoPort);
        Assert.Equal(5000, config.TrainMaxEntries);
        Assert.Equal(TimeSpan.FromHours(1), config.TrainTimeSpan);
        Assert.Equal("Severity", config.LevelField);
        Assert.Equal(4.25, config.InferAnomalyThreshold);
        Assert.Equal("mongodb://db.internal:27018/?tls=true&tlsInsecure=true", MongoConnectionString.From(config));
    }

    [Fact]
    public void EmptyEnvironmentVariableMeansUnset()
    {
        var config = LadConfigLoader.Load(SeedYaml, new Dictionary<string, string> { ["LAD_MG_PORT"] = "", ["LAD_MG_HOST"] = "" });

        Assert.Equal(27017, config.MongoPort);
        Assert.Equal("172.17.18.83", config.MongoHost);
    }

    [Fact]
    public void UriWinsOverHostAndPort()
    {
        const string uri = "mongodb://lad:s%40cret@db1:27017,db2:27017/?replicaSet=rs0&tls=true";
        var config = LadConfigLoader.Load(SeedYaml, new Dictionary<string, string> { ["LAD_MG_URI"] = uri });

        Assert.Equal(uri, MongoConnectionString.From(config));
    }

    [Fact]
    public void UserAndPasswordAreEscapedIntoTheConnectionString()
    {
        var yaml = SeedYaml + "\nMG_USER: \"lad\"\nMG_PASSWORD: \"p@ss:word\"\n";

        var config = LadConfigLoader.Load(yaml, NoEnvironment);

        Assert.Equal("mongodb://lad:p%40ss%3Aword@172.17.18.83:27017/", MongoConnectionString.From(config));
    }

    [Fact]
    public void SeedSingleSourceFileBecomesOneSource()
    {
        const string yaml = """
            STORAGE_DATASOURCE: "mg"
            STORAGE_DATASINK: "mg"
            LOGSOURCE_HOSTNAME: "dataform"
            MG_INPUT_DB: "logstoredb"
            MG_INPUT_COL: "web_logs"
            MG_TARGET_DB: "anomalydb"
            MG_TARGET_COL: "web_anomaly"
            """;

        var config = LadConfigLoader.Load(yaml, NoEnvironment);

        var source = Assert.Single(config.Sources);
        Assert.Equal("web_logs", source.Collection);
        Assert.Equal(["dataform"], source.Hostnames);
        Assert.Equal("web_anomaly", source.TargetCollection);
    }

    [Fact]
    public void UnknownKeyIsReportedWithNameAndLine()
    {
        var error = Assert.Single(Errors(SeedYaml + "\nMG_HOTS: \"typo\"\n"));

        Assert.Equal("MG_HOTS", error.Key);
        Assert.Equal(14, error.Line);
        Assert.Equal("unknown key (did you mean MG_HOST?)", error.Message);
    }

    [Fact]
    public void UnknownSourceKeyGetsASuggestion()
    {
        var errors = Errors(SeedYaml.Replace("MG_TARGET_COL: \"web_anomaly\"", "MG_TARGET_COLL: \"web_anomaly\""));

        Assert.Equal(
            [
                "line 13: LOG_SOURCES.web_logs.MG_TARGET_COLL: unknown key (did you mean MG_TARGET_COL?)",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void RedactedSettingsHideCredentials()
    {
        var environment = new Dictionary<string, string>
        {
            ["LAD_MG_URI"] = "mongodb+srv://lad:s3cr%40t@cluster0.example.net/?retryWrites=true",
            ["LAD_MG_PASSWORD"] = "hunter2",
        };

        var settings = LadConfigLoader.Load(SeedYaml, environment).RedactedSettings();

        Assert.Equal("mongodb+srv://lad:***@cluster0.example.net/?retryWrites=true", settings["MG_URI"]);
        Assert.Equal("***", settings["MG_PASSWORD"]);
        Assert.Equal("", settings["S3_SECRET"]);
        Assert.Equal("172.17.18.83", settings["MG_HOST"]);
        Assert.Equal("3.1", settings["INFER_ANOMALY_THRESHOLD"]);
        Assert.DoesNotContain(settings.Values, v => v is not null && (v.Contains("hunter2") || v.Contains("s3cr")));
    }

    [Fact]
    public void IllTypedValueIsReportedWithNameAndLine()
    {
        var error = Assert.Single(Errors(SeedYaml.Replace("MG_PORT: 27017", "MG_PORT: twenty")));

        Assert.Equal("MG_PORT", error.Key);
        Assert.Equal(4, error.Line);
        Assert.Contains("whole number", error.Message);
        Assert.Contains("twenty", error.Message);
    }

    [Fact]
    public void IllTypedEnvironmentValueNamesTheVariable()
    {
        var errors = Errors(SeedYaml, new Dictionary<string, string> { ["LAD_W2V_COMPUTE_LOSS"] = "maybe" });

        var error = Assert.Single(errors);
        Assert.Equal("LAD_W2V_COMPUTE_LOSS (environment)", error.Key);
        Assert.Null(error.Line);
    }

    [Fact]
    public void ListForScalarKeyIsRefused()
    {
        var error = Assert.Single(Errors(SeedYaml.Replace("MG_HOST: \"172.17.18.83\"", "MG_HOST: [\"a\", \"b\"]")));

        Assert.Equal("MG_HOST", error.Key);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void UnworkableConfigListsEveryProblem()
    {
        const string yaml = """
            STORAGE_DATASOURCE: "es"
            MG_PORT: 70000
            MG_INPUT_DB: ""
            MODEL: "lstm"
            ALARM_BUDGET: 0
            PARALLELISM: 0
            LOG_SOURCES:
              "network_logs":
                HOSTNAMES: []
              "web_logs":
                HOSTNAMES: ["dataform", "dataform"]
                MG_TARGET_COL: "web_anomaly"
                COLOUR: "blue"
            """;

        var ex = Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(yaml, NoEnvironment, "bad.yaml"));
        var keys = ex.Errors.Select(e => e.Key).ToList();

        string[] expected =
            [
                "STORAGE_DATASOURCE", "MG_PORT", "MG_INPUT_DB", "MG_TARGET_DB", "PARALLELISM", "MODEL", "ALARM_BUDGET",
                "LOG_SOURCES.network_logs.HOSTNAMES",
                "LOG_SOURCES.web_logs.HOSTNAMES", "LOG_SOURCES.web_logs.COLOUR",
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Contains("bad.yaml has 10 problem(s)", ex.Message);
        Assert.Contains("ALARM_BUDGET: must be the false alarms allowed per 10,000 normal lines, above 0 and at most 10000, got 0", ex.Message);
        Assert.Contains("MG_PORT: must be a TCP port between 1 and 65535, got 70000", ex.Message);
    }

    [Fact]
    public void SessionRegexIsReadPerSource()
    {
        var config = LadConfigLoader.Load("""
            MG_INPUT_DB: in
            MG_TARGET_DB: out
            LOG_SOURCES:
              "hdfs_logs":
                HOSTNAMES: ["datanode-1"]
                MG_TARGET_COL: "hdfs_anomaly"
                SESSION_REGEX: 'blk_-?\d+'
              "network_logs":
                HOSTNAMES: ["cumulus"]
                MG_TARGET_COL: "network_anomaly"
            """, NoEnvironment);

        Assert.Equal(@"blk_-?\d+", config.Sources[0].SessionRegex);
        Assert.Null(config.Sources[1].SessionRegex);
    }

    [Theory]
    [InlineData("'blk_(\\d+'", "not a valid regular expression")]
    [InlineData("'\\d*'", "matches an empty string")]
    [InlineData("[1, 2]", "expected a regular expression")]
    public void AnUnusableSessionRegexIsRefusedWithItsLine(string value, string problem)
    {
        var error = Assert.Single(Errors(HdfsSource($"SESSION_REGEX: {value}")));

        Assert.Equal("LOG_SOURCES.hdfs_logs.SESSION_REGEX", error.Key);
        Assert.Equal(7, error.Line);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AMisspeltSessionRegexKeyIsSuggested() =>
        Assert.Contains("did you mean SESSION_REGEX", Assert.Single(Errors(HdfsSource(@"SESSION_REGX: 'blk_\d+'"))).Message);

    // One source whose seventh line is sourceLine.
    private static string HdfsSource(string sourceLine) => $"""
        MG_INPUT_DB: in
        MG_TARGET_DB: out
        LOG_SOURCES:
          "hdfs_logs":
            HOSTNAMES: ["datanode-1"]
            MG_TARGET_COL: "hdfs_anomaly"
            {sourceLine}
        """;

    [Fact]
    public void ConfigWithoutSourcesIsRefused()
    {
        var errors = Errors("MG_INPUT_DB: in\nMG_TARGET_DB: out\n");

        var error = Assert.Single(errors);
        Assert.Equal("LOG_SOURCES", error.Key);
        Assert.Contains("no log sources", error.Message);
    }

    [Fact]
    public void BrokenYamlIsReportedWithItsLine()
    {
        var error = Assert.Single(Errors("MG_HOST: \"unterminated\nMG_PORT: 1\n"));

        // Found on line 2; the quote that never closed is on line 1, and the message says so.
        Assert.Equal("(yaml)", error.Key);
        Assert.Equal(2, error.Line);
        Assert.EndsWith("(what it was reading began on line 1)", error.Message);
    }

    [Fact]
    public void ATabIndentingALineIsReportedOnThatLine()
    {
        // YamlDotNet's own error names line 1, where the mapping began.
        var error = Assert.Single(Errors(SeedYaml.Replace("    MG_TARGET_COL: \"web_anomaly\"", "\tMG_TARGET_COL: \"web_anomaly\"")));

        Assert.Equal(("(yaml)", 13), (error.Key, error.Line));
        Assert.Contains("found invalid tab as indentation", error.Message);
    }

    [Theory]
    [InlineData("HOSTNAMES: [\"cumulus\", \"EXOS-VM\", \"172.17.18.178\"]", "HOSTNAMES: [\"cumulus\", \"EXOS-VM\"", 10)]
    [InlineData("HOSTNAMES: [\"dataform\"]", "HOSTNAMES: {\"dataform\": 1", 13)]
    public void AnUnclosedBracketIsAnErrorOnTheLineWhereReadingStoppedNotACrash(string line, string broken, int stoppedAt)
    {
        // YamlDotNet's scanner throws InvalidOperationException here rather than a YAML error.
        var error = Assert.Single(Errors(SeedYaml.Replace(line, broken)));

        Assert.Equal(("(yaml)", stoppedAt), (error.Key, error.Line));
        Assert.Contains("a '[' or '{' left open on an earlier line is a common cause", error.Message);
    }

    [Fact]
    public void DuplicateKeyIsReportedWithItsLine()
    {
        var error = Assert.Single(Errors(SeedYaml + "\nMG_PORT: 27018\n"));

        Assert.Equal(14, error.Line);
        Assert.Contains("Duplicate key MG_PORT", error.Message);
    }

    [Fact]
    public void MissingFileIsReportedByPath()
    {
        var ex = Assert.Throws<LadConfigException>(() => LadConfigLoader.LoadFile("/nonexistent/lad.yaml", NoEnvironment));

        Assert.Contains("/nonexistent/lad.yaml", ex.Message);
        Assert.Equal("(file)", Assert.Single(ex.Errors).Key);
    }

    private static IReadOnlyList<ConfigError> Errors(string yaml, Dictionary<string, string>? environment = null) =>
        Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(yaml, environment ?? NoEnvironment)).Errors;

    [Theory]
    [InlineData("POLL_INTERVAL: 5000000", "POLL_INTERVAL: must be at most 4294967 seconds (49.7 days), the longest period an Orleans grain timer takes, got 5000000")]
    [InlineData("HTTP_PORT: 30000", "HTTP_PORT: must differ from GATEWAY_PORT (30000)")]
    [InlineData("HTTP_PORT: 11111", "HTTP_PORT: must differ from SILO_PORT (11111)")]
    public void ValuesTheDaemonCannotRunWithAreRefusedUpFront(string line, string problem)
    {
        var error = Assert.Throws<LadConfigException>(() => LadConfigLoader.Load(SeedYaml + "\n" + line, NoEnvironment));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLongestPollIntervalATimerTakesIsAccepted() =>
        Assert.Equal(TimeSpan.FromSeconds(4294967), LadConfigLoader.Load(SeedYaml + "\nPOLL_INTERVAL: 4294967", NoEnvironment).PollInterval);

    [Fact]
    public void UnknownLadVariablesAreWarnedAboutWithTheSettingTheyProbablyMeant()
    {
        var environment = new Dictionary<string, string>
        {
            ["LAD_MG_URL"] = "mongodb://elsewhere:27017",
            ["LAD_COMPLETELY_ELSE"] = "1",
            ["LAD_CONFIG"] = "/etc/lad.yaml",
            ["LAD_POLL_INTERVAL"] = "5",
            ["PATH"] = "/usr/bin",
        };

        var config = LadConfigLoader.Load(SeedYaml, environment);

        Assert.Equal(
            [
                "LAD_COMPLETELY_ELSE: unknown variable, ignored (settings are LAD_<KEY> for a key of the YAML)",
                "LAD_MG_URL: unknown variable, ignored (did you mean LAD_MG_URI?)",
            ],
            config.Warnings);
        Assert.Null(config.MongoUri);
    }
}

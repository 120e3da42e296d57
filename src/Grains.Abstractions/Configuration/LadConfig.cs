namespace Lad.Grains.Abstractions.Configuration;

/// <summary>LAD's validated, immutable configuration (built by <see cref="LadConfigLoader"/>).</summary>
public sealed class LadConfig
{
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly IReadOnlyDictionary<string, string> _writtenKeys;

    internal LadConfig(
        IReadOnlyDictionary<string, object?> values, IReadOnlyList<LogSourceConfig> sources, IReadOnlyList<string> warnings,
        IReadOnlyDictionary<string, string> writtenKeys)
    {
        _values = values;
        _writtenKeys = writtenKeys;
        Sources = sources;
        Warnings = warnings;
    }

    /// <summary>What was accepted but probably not meant, e.g. an unknown <c>LAD_*</c> environment variable, one line each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every scalar setting's effective value (YAML, then environment override, else default), by key.</summary>
    /// <remarks>Values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or null.</remarks>
    public IReadOnlyDictionary<string, object?> Settings => _values;

    /// <summary>Every scalar setting's effective value as text fit for logs: credentials are replaced by <c>***</c>
    /// (the whole value of secret keys, the password inside a connection string).</summary>
    public IReadOnlyDictionary<string, string?> RedactedSettings() =>
        SettingCatalog.All.ToDictionary(
            d => d.Name,
            d => _values[d.Name] switch
            {
                null => null,
                string { Length: 0 } => "",
                string uri when d.Name == "MG_URI" => ConnectionStringRedactor.Redact(uri),
                _ when d.Secret => "***",
                bool flag => flag ? "true" : "false",
                IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var value => value.ToString(),
            },
            StringComparer.Ordinal);

    /// <summary>The input collections and their hosts (<c>LOG_SOURCES</c>).</summary>
    public IReadOnlyList<LogSourceConfig> Sources { get; }

    /// <summary>The key the user wrote for <paramref name="setting"/> (a fork alias such as <c>DATETIME_INDEX</c>, a
    /// <c>LAD_*</c> variable), else the setting's own name; for naming it in errors found at run time.</summary>
    /// <param name="setting">A LAD setting, e.g. <c>MG_TIME_FIELD</c>.</param>
    public string KeyOf(string setting) => _writtenKeys.GetValueOrDefault(setting, setting);

    /// <summary><c>STORAGE_DATASOURCE</c>: where logs are read from (<c>mg</c>, <c>mysql</c>, or <c>local</c>:
    /// <c>LS_INPUT_PATH</c>).</summary>
    public string StorageDataSource => Text("STORAGE_DATASOURCE");

    /// <summary><c>STORAGE_DATASINK</c>: where anomalies are written (<c>mg</c> or <c>mysql</c>; with a local source
    /// <c>stdout</c> or <c>local</c>: <c>LS_OUTPUT_PATH</c>).</summary>
    public string StorageDataSink => Text("STORAGE_DATASINK");

    /// <summary>Whether logs are read from MySQL tables (<c>STORAGE_DATASOURCE: mysql</c>).</summary>
    public bool ReadsMySql => MySqlRules.Reads(_values);

    /// <summary>Whether anomalies are written to MySQL tables (<c>STORAGE_DATASINK: mysql</c>).</summary>
    public bool WritesMySql => MySqlRules.Writes(_values);

    /// <summary>The MySQL server holding the log tables (<c>MYSQL_INPUT_*</c>).</summary>
    public MySqlEndpoint MySqlInput => Endpoint("INPUT");

    /// <summary>The MySQL server receiving the anomaly rows (<c>MYSQL_TARGET_*</c>).</summary>
    public MySqlEndpoint MySqlTarget => Endpoint("TARGET");

    /// <summary><c>MYSQL_TARGET_TABLE</c>: the anomaly table of sources that name none; null when unset.</summary>
    public string? MySqlTargetTable => OptionalText("MYSQL_TARGET_TABLE");

    /// <summary>Whether the daemon runs without any database: logs from <c>LS_INPUT_PATH</c>, state in <c>MODEL_DIR</c>,
    /// anomalies to standard output or <c>LS_OUTPUT_PATH</c>.</summary>
    public bool UsesLocalFiles => StorageDataSource == LocalFileRules.FileSink;

    /// <summary>Whether anomalies go to standard output (<c>STORAGE_DATASINK: stdout</c>), which then holds nothing else.</summary>
    public bool WritesToStdout => StorageDataSink == LocalFileRules.StdoutSink;

    /// <summary><c>MG_URI</c>: a full connection string; when set it wins over host, port, user and TLS keys.</summary>
    public string? MongoUri => OptionalText("MG_URI");

    /// <summary><c>MG_HOST</c>.</summary>
    public string MongoHost => Text("MG_HOST");

    /// <summary><c>MG_PORT</c>.</summary>
    public int MongoPort => (int)Integer("MG_PORT");

    /// <summary><c>MG_USER</c>; null when empty.</summary>
    public string? MongoUser => OptionalText("MG_USER");

    /// <summary><c>MG_PASSWORD</c>; null when empty.</summary>
    public string? MongoPassword => OptionalText("MG_PASSWORD");

    /// <summary>Connect with TLS: <c>MG_USE_SSL</c>, or a CA file (<c>MG_CA_CERT</c>, the fork's <c>MG_CACERT_DIR</c>) or
    /// certificate directory (<c>MG_CERT_DIR</c>) given, as the fork connected with TLS whenever it had one.</summary>
    public bool MongoUseTls => Boolean("MG_USE_SSL") || MongoCaFile is not null || OptionalText("MG_CERT_DIR") is not null;

    /// <summary><c>MG_VERIFY_CERTS</c> (the fork's <c>MG_VERIFY_CERT</c>): verify the server certificate when TLS is on
    /// (the seed's default was false).</summary>
    public bool MongoVerifyCertificates => Boolean("MG_VERIFY_CERTS");

    /// <summary><c>MG_CA_CERT</c> (the fork's <c>MG_CACERT_DIR</c>): the PEM file of the authority the server's certificate
    /// must chain to when verified; null to trust the system's authorities.</summary>
    public string? MongoCaFile => OptionalText("MG_CA_CERT");

    /// <summary><c>MG_INPUT_DB</c>: the database holding the log collections.</summary>
    public string InputDatabase => Text("MG_INPUT_DB");

    /// <summary><c>MG_TARGET_DB</c>: the database receiving anomalies.</summary>
    public string TargetDatabase => Text("MG_TARGET_DB");

    /// <summary><c>MG_MESSAGE_FIELD</c>: document field holding the log message.</summary>
    public string MessageField => Text("MG_MESSAGE_FIELD");

    /// <summary><c>MG_HOSTNAME_FIELD</c>: document field holding the host name.</summary>
    public string HostnameField => Text("MG_HOSTNAME_FIELD");

    /// <summary><c>MG_LEVEL_FIELD</c>: document field holding the severity, or null when documents have none.</summary>
    public string? LevelField => OptionalText("MG_LEVEL_FIELD");

    /// <summary><c>MG_PROGRAM_FIELD</c>: document field holding the syslog tag or program name that the shipper split off
    /// the message (rsyslog's <c>syslog_tag</c>, Logstash's <c>program</c>), or null when messages keep their tags.</summary>
    public string? ProgramField => OptionalText("MG_PROGRAM_FIELD");

    /// <summary><c>MG_TIME_FIELD</c>: document date field, or null to use the <c>_id</c> ObjectId's creation time.</summary>
    public string? TimeField => OptionalText("MG_TIME_FIELD");

    /// <summary><c>MG_POLL_BATCH_SIZE</c>: most documents read per poll.</summary>
    public int PollBatchSize => (int)Integer("MG_POLL_BATCH_SIZE");

    /// <summary><c>MG_MAX_MESSAGE_LENGTH</c>: longer messages are skipped as bad documents.</summary>
    public int MaxMessageLength => (int)Integer("MG_MAX_MESSAGE_LENGTH");

    /// <summary><c>TRAIN_TIME_SPAN</c>: how far back training reads.</summary>
    public TimeSpan TrainTimeSpan => TimeSpan.FromSeconds(Integer("TRAIN_TIME_SPAN"));

    /// <summary><c>TRAIN_MAX_ENTRIES</c>: most (newest) documents per training.</summary>
    public int TrainMaxEntries => (int)Integer("TRAIN_MAX_ENTRIES");

    /// <summary><c>POLL_INTERVAL</c>: pause between polls of a host.</summary>
    public TimeSpan PollInterval => TimeSpan.FromSeconds(Integer("POLL_INTERVAL"));

    /// <summary><c>POLL_LOOKBACK</c>: how far behind the newest position polling still reads late documents (ids
    /// made earlier by buffering writers or slow clocks).</summary>
    public TimeSpan PollLookback => TimeSpan.FromSeconds(Integer("POLL_LOOKBACK"));

    /// <summary><c>RETRAIN_INTERVAL</c>: age after which a host's model is retrained.</summary>
    public TimeSpan RetrainInterval => TimeSpan.FromSeconds(Integer("RETRAIN_INTERVAL"));

    /// <summary><c>PARALLELISM</c>: most trainings running at once.</summary>
    public int Parallelism => (int)Integer("PARALLELISM");

    /// <summary><c>MODEL</c>: which model to train.</summary>
    public DetectorModel Model => Enum.Parse<DetectorModel>(Text("MODEL"), ignoreCase: true);

    /// <summary><c>ALARM_BUDGET</c>: the default model's false alarms per 10,000 normal lines, spent on held-out history.</summary>
    public double AlarmBudget => Number("ALARM_BUDGET");

    /// <summary><c>INCIDENT_QUIET_PERIOD</c>: a gap this long without a joining anomaly closes an incident, and the daemon
    /// resolves an incident once its last line is this old.</summary>
    public TimeSpan IncidentQuietPeriod => TimeSpan.FromSeconds(Integer("INCIDENT_QUIET_PERIOD"));

    /// <summary><c>INCIDENT_BURST_GAP</c>: lines one host flags this close together are one incident whatever their
    /// templates (a boot, a crash); zero turns this off.</summary>
    public TimeSpan IncidentBurstGap => TimeSpan.FromSeconds(Integer("INCIDENT_BURST_GAP"));

    /// <summary><c>AGGR_TIME_SPAN</c> (seed fork): how much time one aggregation covered; the longest span of one incident.</summary>
    public TimeSpan AggregationTimeSpan => TimeSpan.FromSeconds(Integer("AGGR_TIME_SPAN"));

    /// <summary><c>AGGR_EPS</c> (seed fork): DBSCAN's radius; the largest template distance at which lines still group.</summary>
    public double AggregationEps => Number("AGGR_EPS");

    /// <summary><c>AGGR_MIN_SAMPLES</c> (seed fork): DBSCAN's minimum group size; the anomalies an incident holds before
    /// lines of merely similar templates join it.</summary>
    public int AggregationMinSamples => (int)Integer("AGGR_MIN_SAMPLES");

    /// <summary><c>RETENTION_DAYS</c>: how long anomalies, incidents and their line records are kept (MongoDB TTL
    /// indexes); null when 0, which keeps them forever.</summary>
    public TimeSpan? Retention => Integer("RETENTION_DAYS") is > 0 and var days ? TimeSpan.FromDays(days) : null;

    /// <summary><c>ALERT_WEBHOOK_URL</c>: where incidents are POSTed as JSON; null: no webhook.</summary>
    public Uri? AlertWebhookUrl => OptionalText("ALERT_WEBHOOK_URL") is { } url ? new Uri(url) : null;

    /// <summary><c>ALERT_WEBHOOK_AUTH_FILE</c>: a file holding the webhook's <c>Authorization</c> header value; null: none.</summary>
    public string? AlertWebhookAuthFile => OptionalText("ALERT_WEBHOOK_AUTH_FILE");

    /// <summary><c>ALERTMANAGER_URL</c>: the Prometheus Alertmanager incidents are sent to (its base URL); null: none.</summary>
    public Uri? AlertmanagerUrl => OptionalText("ALERTMANAGER_URL") is { } url ? new Uri(url) : null;

    /// <summary><c>ALERTMANAGER_AUTH_FILE</c>: a file holding Alertmanager's <c>Authorization</c> header value; null: none.</summary>
    public string? AlertmanagerAuthFile => OptionalText("ALERTMANAGER_AUTH_FILE");

    /// <summary><c>ALERT_RATE_LIMIT</c>: most deliveries per minute to each receiver.</summary>
    public int AlertRateLimit => (int)Integer("ALERT_RATE_LIMIT");

    /// <summary><c>ALERT_SEVERITY</c>: the severity label of LAD's alerts.</summary>
    public string AlertSeverity => Text("ALERT_SEVERITY");

    /// <summary><c>ALERT_LINK_BASE</c>: LAD's HTTP API as operators reach it; alerts link to
    /// <c>&lt;base&gt;/api/incidents/&lt;id&gt;</c>. Null: alerts carry no link.</summary>
    public Uri? AlertLinkBase => OptionalText("ALERT_LINK_BASE") is { } url ? new Uri(url) : null;

    /// <summary><c>HTTP_PORT</c>: the silo's HTTP port (feedback API, health probes); 0 disables HTTP.</summary>
    public int HttpPort => (int)Integer("HTTP_PORT");

    /// <summary><c>AUTH_TOKENS_FILE</c>: the file of API tokens (<c>role name token</c> per line); null when unset, which
    /// leaves the control plane open and the HTTP API on loopback only.</summary>
    public string? AuthTokensFile => OptionalText("AUTH_TOKENS_FILE");

    /// <summary><c>METRICS_AUTH</c>: whether <c>/metrics</c> needs a read token (default false, for Prometheus).</summary>
    public bool MetricsAuth => Boolean("METRICS_AUTH");

    /// <summary><c>VOLUME_INTERVAL</c>: the interval line rates are counted over for volume anomalies (surges, vanished
    /// templates, silence); zero turns them off.</summary>
    public TimeSpan VolumeInterval => TimeSpan.FromSeconds(Integer("VOLUME_INTERVAL"));

    /// <summary><c>MG_CHANGE_STREAMS</c>: tail a change stream per host where MongoDB offers them (replica sets, sharded
    /// clusters), polling with the look-back elsewhere; false polls everywhere.</summary>
    public bool ChangeStreams => Boolean("MG_CHANGE_STREAMS");

    /// <summary><c>FEEDBACK_RATE_LIMIT</c>: feedback requests one token may make per minute on the HTTP API.</summary>
    public int FeedbackRateLimit => (int)Integer("FEEDBACK_RATE_LIMIT");

    /// <summary><c>HTTP_TLS_CERT</c>: the HTTP endpoint's certificate (PEM, with <c>HTTP_TLS_KEY</c>, or PFX); null: plain HTTP.</summary>
    public string? HttpTlsCertificate => OptionalText("HTTP_TLS_CERT");

    /// <summary><c>HTTP_TLS_KEY</c>: the PEM private key of <c>HTTP_TLS_CERT</c>; null when the key is inside it.</summary>
    public string? HttpTlsKey => OptionalText("HTTP_TLS_KEY");

    /// <summary><c>ORLEANS_TLS_CERT</c>: this silo's certificate for mutual TLS on the silo and gateway ports; null: no TLS.</summary>
    public string? OrleansTlsCertificate => OptionalText("ORLEANS_TLS_CERT");

    /// <summary><c>ORLEANS_TLS_KEY</c>: the PEM private key of <c>ORLEANS_TLS_CERT</c>; null when the key is inside it.</summary>
    public string? OrleansTlsKey => OptionalText("ORLEANS_TLS_KEY");

    /// <summary><c>ORLEANS_TLS_CA</c>: the PEM certificate authority every silo's and client's certificate must chain to.</summary>
    public string? OrleansTlsAuthority => OptionalText("ORLEANS_TLS_CA");

    /// <summary><c>CLUSTERING</c>: how silos find each other.</summary>
    public ClusteringMode Clustering => Enum.Parse<ClusteringMode>(Text("CLUSTERING"), ignoreCase: true);

    /// <summary><c>SILO_PORT</c>: the port silos talk to each other on.</summary>
    public int SiloPort => (int)Integer("SILO_PORT");

    /// <summary><c>GATEWAY_PORT</c>: the port clients (<c>lad</c>) connect to.</summary>
    public int GatewayPort => (int)Integer("GATEWAY_PORT");

    /// <summary><c>ADVERTISED_IP</c>: the address other silos reach this one at; null lets Orleans pick one
    /// (in Kubernetes set it to the pod IP).</summary>
    public System.Net.IPAddress? AdvertisedIp =>
        OptionalText("ADVERTISED_IP") is { } ip ? System.Net.IPAddress.Parse(ip) : null;

    /// <summary><c>CLUSTER_ID</c>: the silos of one cluster share it.</summary>
    public string ClusterId => Text("CLUSTER_ID");

    /// <summary><c>SERVICE_ID</c>: keys grain state and reminders, so it must stay fixed across deployments.</summary>
    public string ServiceId => Text("SERVICE_ID");

    /// <summary><c>INFER_ANOMALY_THRESHOLD</c> (seed): the SOM model's fixed threshold.</summary>
    public double InferAnomalyThreshold => Number("INFER_ANOMALY_THRESHOLD");

    /// <summary><c>TRAIN_VECTOR_LENGTH</c> (seed): word-vector length.</summary>
    public int TrainVectorLength => (int)Integer("TRAIN_VECTOR_LENGTH");

    /// <summary><c>TRAIN_WINDOW</c> (seed): word2vec context window.</summary>
    public int TrainWindow => (int)Integer("TRAIN_WINDOW");

    /// <summary><c>W2V_MIN_COUNT</c> (seed): minimum word count kept by word2vec.</summary>
    public int W2vMinCount => (int)Integer("W2V_MIN_COUNT");

    /// <summary><c>W2V_ITER</c> (seed): word2vec epochs.</summary>
    public int W2vIterations => (int)Integer("W2V_ITER");

    /// <summary><c>W2V_SEED</c> (seed): word2vec random seed.</summary>
    public int W2vSeed => (int)Integer("W2V_SEED");

    /// <summary><c>SOMPY_NODE_MAP</c> (seed): the SOM grid side length.</summary>
    public int SomNodeMap => (int)Integer("SOMPY_NODE_MAP");

    /// <summary><c>SOMPY_INIT</c> (seed): SOM initialisation (<c>pca</c> or <c>random</c>).</summary>
    public string SomInit => Text("SOMPY_INIT");

    /// <summary><c>LOF_NEIGHBORS</c> (seed fork): the lof model's k, the nearest training lines a line is compared with.</summary>
    public int LofNeighbors => (int)Integer("LOF_NEIGHBORS");

    /// <summary><c>LOF_METRIC</c> (seed fork): the lof model's distance between line vectors.</summary>
    public string LofMetric => Text("LOF_METRIC");

    /// <summary><c>LS_INPUT_PATH</c> (seed): a local log file; null when empty.</summary>
    public string? LocalInputPath => OptionalText("LS_INPUT_PATH");

    /// <summary><c>LS_OUTPUT_PATH</c> (seed): the file anomalies are appended to with <c>STORAGE_DATASINK: local</c>; null when empty.</summary>
    public string? LocalOutputPath => OptionalText("LS_OUTPUT_PATH");

    /// <summary><c>MODEL_DIR</c> (seed): with <c>STORAGE_DATASOURCE: local</c>, the directory holding models and reading positions.</summary>
    public string ModelDirectory => Text("MODEL_DIR");

    /// <summary><c>LOGSOURCE_HOSTNAME</c> (seed): the host of lines whose format names none.</summary>
    public string DefaultHostname => Text("LOGSOURCE_HOSTNAME");

    private MySqlEndpoint Endpoint(string side) => new(
        Text($"MYSQL_{side}_HOST"), (int)Integer($"MYSQL_{side}_PORT"), Text($"MYSQL_{side}_USER"), Text($"MYSQL_{side}_PASSWORD"),
        Text($"MYSQL_{side}_DB"));

    private string Text(string key) => (string?)_values[key] ?? "";

    private string? OptionalText(string key) => _values[key] is string { Length: > 0 } s ? s : null;

    private long Integer(string key) => (long)_values[key]!;

    private double Number(string key) => (double)_values[key]!;

    private bool Boolean(string key) => (bool)_values[key]!;
}

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Every scalar key LAD accepts, with its type and default.</summary>
/// <remarks>The seed project's keys (AICoE log-anomaly-detector and its MongoDB fork) are all listed so that its
/// YAML files load verbatim; most of them no longer drive behaviour and are kept only as recorded values.</remarks>
public static class SettingCatalog
{
    private const string ModelFiles = "models are stored in MongoDB (MG_TARGET_DB), not in files";
    private const string ModelS3 = "models are stored in MongoDB (MG_TARGET_DB), not in S3";
    private const string S3 = "models are stored in MongoDB, not in S3";
    private const string Elasticsearch = "the Elasticsearch source and sink are not part of LAD";
    private const string Kafka = "the Kafka source is not part of LAD";
    private const string FactStore = "the seed's feedback store is replaced by lad feedback";
    private const string Word2Vec = "the seed's word2vec setting; LAD's word2vec (MODEL: som or lof) does not take it";
    private const string LocalFiles = "used only with STORAGE_DATASOURCE: local";
    private const string MySqlInput = "STORAGE_DATASOURCE is not mysql";
    private const string MySqlTarget = "STORAGE_DATASINK is not mysql";

    /// <summary>Thirty days, the default training window in seconds.</summary>
    public const long DefaultTrainTimeSpanSeconds = 30L * 24 * 3600;

    /// <summary>All known scalar settings, in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        // Storage and MongoDB connection.
        new("STORAGE_DATASOURCE", SettingKind.Text, "mg"),
        new("STORAGE_DATASINK", SettingKind.Text, "mg"),
        new("MG_URI", SettingKind.Text, null, Secret: true),
        new("MG_HOST", SettingKind.Text, "localhost", FromSeed: true),
        new("MG_PORT", SettingKind.Integer, 27017L, FromSeed: true),
        new("MG_USER", SettingKind.Text, "", FromSeed: true),
        new("MG_PASSWORD", SettingKind.Text, "", FromSeed: true, Secret: true),
        new("MG_USE_SSL", SettingKind.Boolean, false, FromSeed: true),
        new("MG_VERIFY_CERTS", SettingKind.Boolean, false, FromSeed: true),
        new("MG_CERT_DIR", SettingKind.Text, "", FromSeed: true),
        new("MG_CA_CERT", SettingKind.Text, null, FromSeed: true),
        new("MG_INPUT_DB", SettingKind.Text, "", FromSeed: true),
        new("MG_TARGET_DB", SettingKind.Text, "", FromSeed: true),
        new("MG_INPUT_COL", SettingKind.Text, "", FromSeed: true),
        new("MG_TARGET_COL", SettingKind.Text, "", FromSeed: true),
        new("LOGSOURCE_HOSTNAME", SettingKind.Text, "localhost", FromSeed: true),

        // Document shape.
        new("MG_MESSAGE_FIELD", SettingKind.Text, "Message"),
        new("MG_HOSTNAME_FIELD", SettingKind.Text, "Hostname"),
        new("MG_LEVEL_FIELD", SettingKind.Text, null),
        new("MG_PROGRAM_FIELD", SettingKind.Text, null),
        new("MG_TIME_FIELD", SettingKind.Text, null),
        new("MG_POLL_BATCH_SIZE", SettingKind.Integer, 1000L),
        new("MG_MAX_MESSAGE_LENGTH", SettingKind.Integer, 65536L),

        // Daemon schedule and model choice.
        new("TRAIN_TIME_SPAN", SettingKind.Integer, DefaultTrainTimeSpanSeconds, FromSeed: true),
        new("TRAIN_MAX_ENTRIES", SettingKind.Integer, 315448L, FromSeed: true),
        new("POLL_INTERVAL", SettingKind.Integer, 10L),
        new("POLL_LOOKBACK", SettingKind.Integer, 300L),
        new("MG_CHANGE_STREAMS", SettingKind.Boolean, true),
        new("VOLUME_INTERVAL", SettingKind.Integer, 300L),
        new("RETRAIN_INTERVAL", SettingKind.Integer, 86400L),
        new("PARALLELISM", SettingKind.Integer, 2L, FromSeed: true),
        new("MODEL", SettingKind.Text, "default"),
        new("ALARM_BUDGET", SettingKind.Number, 10.0),
        new("HTTP_PORT", SettingKind.Integer, 8080L),

        // Incidents: the seed fork's aggregation keys (AGGR_*) and how long a quiet incident stays open.
        new("INCIDENT_QUIET_PERIOD", SettingKind.Integer, 1800L),
        new("INCIDENT_BURST_GAP", SettingKind.Integer, 5L),
        new("AGGR_TIME_SPAN", SettingKind.Integer, 86400L, FromSeed: true),
        new("AGGR_EPS", SettingKind.Number, 0.5, FromSeed: true),
        new("AGGR_MIN_SAMPLES", SettingKind.Integer, 5L, FromSeed: true),
        new("AGGR_MAX_ENTRIES", SettingKind.Integer, 315448L, FromSeed: true),
        new("AGGR_VECTOR_LENGTH", SettingKind.Integer, 25L, FromSeed: true),
        new("AGGR_WINDOW", SettingKind.Integer, 5L, FromSeed: true),
        new("RETENTION_DAYS", SettingKind.Integer, 90L),

        // Alert delivery: where incidents are pushed, how fast, and the files holding the receivers' credentials.
        new("ALERT_WEBHOOK_URL", SettingKind.Text, null),
        new("ALERT_WEBHOOK_AUTH_FILE", SettingKind.Text, null),
        new("ALERTMANAGER_URL", SettingKind.Text, null),
        new("ALERTMANAGER_AUTH_FILE", SettingKind.Text, null),
        new("ALERT_RATE_LIMIT", SettingKind.Integer, 60L),
        new("ALERT_SEVERITY", SettingKind.Text, "warning"),
        new("ALERT_LINK_BASE", SettingKind.Text, null),

        // Who may use the control plane (HTTP API and the Orleans gateway), and TLS for HTTP.
        new("AUTH_TOKENS_FILE", SettingKind.Text, null),
        new("METRICS_AUTH", SettingKind.Boolean, false),
        new("FEEDBACK_RATE_LIMIT", SettingKind.Integer, 30L),
        new("HTTP_TLS_CERT", SettingKind.Text, null),
        new("HTTP_TLS_KEY", SettingKind.Text, null),
        new("ORLEANS_TLS_CERT", SettingKind.Text, null),
        new("ORLEANS_TLS_KEY", SettingKind.Text, null),
        new("ORLEANS_TLS_CA", SettingKind.Text, null),

        // Cluster membership: one silo on its own, or many silos finding each other through MongoDB.
        new("CLUSTERING", SettingKind.Text, "localhost"),
        new("SILO_PORT", SettingKind.Integer, 11111L),
        new("GATEWAY_PORT", SettingKind.Integer, 30000L),
        new("ADVERTISED_IP", SettingKind.Text, null),
        new("CLUSTER_ID", SettingKind.Text, "lad"),
        new("SERVICE_ID", SettingKind.Text, "lad"),

        // The seed's model parameters (word2vec + SOM) and inference loop.
        new("INFER_ANOMALY_THRESHOLD", SettingKind.Number, 3.1, FromSeed: true),
        new("INFER_TIME_SPAN", SettingKind.Integer, 60L, FromSeed: true, Unused: "LAD scores every new line once instead of re-reading a time span (see POLL_LOOKBACK)"),
        new("INFER_LOOPS", SettingKind.Integer, 10L, FromSeed: true, Unused: "LAD retrains by age (RETRAIN_INTERVAL), not after a number of inference loops"),
        new("INFER_MAX_ENTRIES", SettingKind.Integer, 78862L, FromSeed: true, Unused: "LAD reads new lines in batches of MG_POLL_BATCH_SIZE"),
        new("TRAIN_ITERATIONS", SettingKind.Integer, 315448L, FromSeed: true, Unused: "the SOM's training length follows SOMPY_TRAIN_ROUGH_LEN and SOMPY_TRAIN_FINETUNE_LEN"),
        new("TRAIN_UPDATE_MODEL", SettingKind.Boolean, false, FromSeed: true, Unused: "every training builds a new model (RETRAIN_INTERVAL)"),
        new("TRAIN_WINDOW", SettingKind.Integer, 5L, FromSeed: true),
        new("TRAIN_VECTOR_LENGTH", SettingKind.Integer, 25L, FromSeed: true),
        new("W2V_MIN_COUNT", SettingKind.Integer, 1L, FromSeed: true),
        new("W2V_ITER", SettingKind.Integer, 5L, FromSeed: true),
        new("W2V_COMPUTE_LOSS", SettingKind.Boolean, false, FromSeed: true, Unused: Word2Vec),
        new("W2V_SEED", SettingKind.Integer, 1L, FromSeed: true),
        new("W2V_WORKERS", SettingKind.Integer, 3L, FromSeed: true, Unused: Word2Vec),
        new("SOMPY_TRAIN_ROUGH_LEN", SettingKind.Integer, 100L, FromSeed: true),
        new("SOMPY_TRAIN_FINETUNE_LEN", SettingKind.Integer, 5L, FromSeed: true),
        new("SOMPY_NODE_MAP", SettingKind.Integer, 24L, FromSeed: true),
        new("SOMPY_INIT", SettingKind.Text, "pca", FromSeed: true),
        new("FREQ_NOISE", SettingKind.Integer, 1L, FromSeed: true, Unused: FactStore),
        new("FACT_STORE_URL", SettingKind.Text, "", FromSeed: true, Unused: FactStore),

        // The seed's file locations and other back ends (accepted, recorded, not used by the daemon).
        new("MODEL_DIR", SettingKind.Text, "./models/", FromSeed: true, Unused: ModelFiles),
        new("MODEL_FILE", SettingKind.Text, "SOM.model", FromSeed: true, Unused: ModelFiles),
        new("W2V_MODEL_FILE", SettingKind.Text, "W2V.model", FromSeed: true, Unused: ModelFiles),
        new("MODEL_PATH", SettingKind.Text, "", FromSeed: true, Unused: ModelFiles),
        new("W2V_MODEL_PATH", SettingKind.Text, "", FromSeed: true, Unused: ModelFiles),
        new("MODEL_STORE", SettingKind.Text, "", FromSeed: true, Unused: ModelS3),
        new("MODEL_STORE_PATH", SettingKind.Text, "anomaly-detection/models/", FromSeed: true, Unused: ModelS3),
        new("LS_INPUT_PATH", SettingKind.Text, "", FromSeed: true, Unused: LocalFiles),
        new("LS_OUTPUT_PATH", SettingKind.Text, "", FromSeed: true, Unused: LocalFiles + " and STORAGE_DATASINK: local"),
        new("LS_OUTPUT_RWA_MODE", SettingKind.Text, "w", FromSeed: true, Unused: "LAD appends to LS_OUTPUT_PATH and never writes an anomaly twice, so the file is neither rewritten nor read"),
        new("S3_KEY", SettingKind.Text, "", FromSeed: true, Secret: true, Unused: S3),
        new("S3_SECRET", SettingKind.Text, "", FromSeed: true, Secret: true, Unused: S3),
        new("S3_HOST", SettingKind.Text, "", FromSeed: true, Unused: S3),
        new("S3_BUCKET", SettingKind.Text, "", FromSeed: true, Unused: S3),
        new("ES_ENDPOINT", SettingKind.Text, "", FromSeed: true, Unused: Elasticsearch),
        new("ES_CERT_DIR", SettingKind.Text, "", FromSeed: true, Unused: Elasticsearch),
        new("ES_USE_SSL", SettingKind.Boolean, true, FromSeed: true, Unused: Elasticsearch),
        new("ES_VERIFY_CERTS", SettingKind.Boolean, false, FromSeed: true, Unused: Elasticsearch),
        new("ES_TARGET_INDEX", SettingKind.Text, "", FromSeed: true, Unused: Elasticsearch),
        new("ES_INPUT_INDEX", SettingKind.Text, "", FromSeed: true, Unused: Elasticsearch),
        new("ES_QUERY", SettingKind.Text, "", FromSeed: true, Unused: Elasticsearch),
        new("ES_VERSION", SettingKind.Integer, 5L, FromSeed: true, Unused: Elasticsearch),
        new("ES_ELAST_ALERT", SettingKind.Integer, 1L, FromSeed: true, Unused: Elasticsearch),
        new("LOG_FORMATTER", SettingKind.Text, "", FromSeed: true, Unused: "the Elasticsearch source is not part of LAD"),
        new("KF_BOOTSTRAP_SERVER", SettingKind.Text, "", FromSeed: true, Unused: Kafka),
        new("KF_TOPIC", SettingKind.Text, "", FromSeed: true, Unused: Kafka),
        new("KF_CACERT", SettingKind.Text, null, FromSeed: true, Unused: Kafka),
        new("KF_SECURITY_PROTOCOL", SettingKind.Text, "PLAINTEXT", FromSeed: true, Unused: Kafka),
        new("KF_AUTO_TIMEOUT", SettingKind.Integer, 30000L, FromSeed: true, Unused: Kafka),
        // The fork's last keys for the LOF model (MODEL: lof), and for MySQL (STORAGE_DATASOURCE/STORAGE_DATASINK: mysql).
        new("LOF_NEIGHBORS", SettingKind.Integer, 100L, FromSeed: true),
        new("LOF_METRIC", SettingKind.Text, "euclidean", FromSeed: true),
        new("LOF_MODEL_FILE", SettingKind.Text, "", FromSeed: true, Unused: ModelFiles),
        new("MODEL_BASE_DIR", SettingKind.Text, "", FromSeed: true, Unused: ModelFiles),
        new("MYSQL_INPUT_HOST", SettingKind.Text, "", FromSeed: true, Unused: MySqlInput),
        new("MYSQL_INPUT_PORT", SettingKind.Integer, 3306L, FromSeed: true, Unused: MySqlInput),
        new("MYSQL_INPUT_USER", SettingKind.Text, "", FromSeed: true, Unused: MySqlInput),
        new("MYSQL_INPUT_PASSWORD", SettingKind.Text, "", FromSeed: true, Secret: true, Unused: MySqlInput),
        new("MYSQL_INPUT_DB", SettingKind.Text, "", FromSeed: true, Unused: MySqlInput),
        new("MYSQL_INPUT_TABLE", SettingKind.Text, "", FromSeed: true, Unused: MySqlInput),
        new("MYSQL_TARGET_HOST", SettingKind.Text, "", FromSeed: true, Unused: MySqlTarget),
        new("MYSQL_TARGET_PORT", SettingKind.Integer, 3306L, FromSeed: true, Unused: MySqlTarget),
        new("MYSQL_TARGET_USER", SettingKind.Text, "", FromSeed: true, Unused: MySqlTarget),
        new("MYSQL_TARGET_PASSWORD", SettingKind.Text, "", FromSeed: true, Secret: true, Unused: MySqlTarget),
        new("MYSQL_TARGET_DB", SettingKind.Text, "", FromSeed: true, Unused: MySqlTarget),
        new("MYSQL_TARGET_TABLE", SettingKind.Text, "", FromSeed: true, Unused: MySqlTarget),
        new("OS_NAMESPACE", SettingKind.Text, "localhost", FromSeed: true, Unused: "the seed's OpenShift metrics label; LAD labels metrics by host"),
    ];

    private static readonly Dictionary<string, SettingDefinition> ByName =
        All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Finds a setting by its exact (case-sensitive) YAML name.</summary>
    /// <param name="name">The key, e.g. <c>MG_HOST</c>.</param>
    /// <param name="definition">The definition when found.</param>
    /// <returns>True when the key is known.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SettingDefinition? definition) =>
        ByName.TryGetValue(name, out definition);
}

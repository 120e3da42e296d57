using Lad.Engine.Model.Lof;
using Lad.Grains.Abstractions.Sources;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>The checks that make a well-typed configuration one the daemon can actually run with.</summary>
internal static class ConfigRules
{
    private const string MongoStorage = "mg";
    private const string MySqlStorage = "mysql";

    /// <summary>The longest period an Orleans grain timer takes: it runs on a <see cref="System.Threading.Timer"/>,
    /// whose period is at most 2^32 - 2 milliseconds (49.7 days).</summary>
    public const long MaxTimerSeconds = 4_294_967;

    /// <summary>Adds every problem of a well-typed configuration to <paramref name="errors"/>.</summary>
    /// <param name="values">The settings by LAD key.</param>
    /// <param name="sources">The log sources.</param>
    /// <param name="keyOf">The key the user wrote for a setting (a fork alias such as <c>MG_CACERT_DIR</c>, or the setting's own).</param>
    /// <param name="errors">Receives the problems.</param>
    public static void Check(
        IReadOnlyDictionary<string, object?> values, IReadOnlyList<LogSourceConfig> sources, Func<string, string> keyOf, List<ConfigError> errors)
    {
        if (LocalFileRules.Applies(values))
        {
            // No database at all: the MongoDB rules would only list its absence.
            LocalFileRules.Check(values, errors);
            CheckModel(values, errors);
            CheckSchedule(values, errors);
            CheckClustering(values, errors);
            return;
        }

        var otherBackEnd = CheckDatabaseStorage(values, errors);
        CheckModel(values, errors);
        if (otherBackEnd)
        {
            // A file written for the local source would only get a list of the database keys it lacks.
            return;
        }

        CheckMongoTls(values, keyOf, errors);

        var uri = values["MG_URI"] as string;
        if (!string.IsNullOrEmpty(uri) && !uri.StartsWith("mongodb://", StringComparison.Ordinal)
                                       && !uri.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            errors.Add(new ConfigError("MG_URI", "must start with mongodb:// or mongodb+srv://"));
        }

        if (string.IsNullOrEmpty(uri))
        {
            RequireText(values, "MG_HOST", "the MongoDB host is required when MG_URI is not set", errors);
            if (values["MG_PORT"] is long port and (< 1 or > 65535))
            {
                errors.Add(new ConfigError("MG_PORT", $"must be a TCP port between 1 and 65535, got {port}"));
            }
        }

        if (values["HTTP_PORT"] is long httpPort and (< 0 or > 65535))
        {
            errors.Add(new ConfigError("HTTP_PORT", $"must be a TCP port between 1 and 65535, or 0 to disable HTTP, got {httpPort}"));
        }

        if (values["FEEDBACK_RATE_LIMIT"] is long rate && rate < 1)
        {
            errors.Add(new ConfigError("FEEDBACK_RATE_LIMIT", $"must be at least 1 feedback request per minute, got {rate}"));
        }

        if (values["HTTP_TLS_KEY"] is string { Length: > 0 } && values["HTTP_TLS_CERT"] is not string { Length: > 0 })
        {
            errors.Add(new ConfigError("HTTP_TLS_KEY", "is set but HTTP_TLS_CERT is not; name the certificate the key belongs to"));
        }

        CheckAlerts(values, errors);
        CheckClustering(values, errors);
        if (!MySqlRules.Reads(values))
        {
            RequireText(values, keyOf("MG_INPUT_DB"), "MG_INPUT_DB", "name the database holding the log collections", errors);
        }

        MySqlRules.Check(values, sources, keyOf, errors);
        RequireText(values, keyOf("MG_TARGET_DB"), "MG_TARGET_DB", "name the database that receives anomalies", errors);
        RequireText(values, keyOf("MG_MESSAGE_FIELD"), "MG_MESSAGE_FIELD", "name the document field holding the message", errors);
        RequireText(values, keyOf("MG_HOSTNAME_FIELD"), "MG_HOSTNAME_FIELD", "name the document field holding the host name", errors);

        CheckSchedule(values, errors);
        CheckSources(sources, Equals(values["MG_INPUT_DB"], values["MG_TARGET_DB"]), errors);
    }

    private static void CheckSchedule(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        foreach (var key in new[]
                 {
                     "TRAIN_TIME_SPAN", "TRAIN_MAX_ENTRIES", "POLL_INTERVAL", "POLL_LOOKBACK", "RETRAIN_INTERVAL", "PARALLELISM",
                     "MG_POLL_BATCH_SIZE", "MG_MAX_MESSAGE_LENGTH", "INCIDENT_QUIET_PERIOD", "AGGR_TIME_SPAN", "AGGR_MIN_SAMPLES",
                 })
        {
            if (values[key] is long n and (< 1 or > int.MaxValue))
            {
                errors.Add(new ConfigError(key, $"must be between 1 and {int.MaxValue}, got {n}"));
            }
        }

        if (values["INCIDENT_BURST_GAP"] is long burst and (< 0 or > int.MaxValue))
        {
            errors.Add(new ConfigError("INCIDENT_BURST_GAP", $"must be between 0 (off) and {int.MaxValue} seconds, got {burst}"));
        }

        if (values["POLL_INTERVAL"] is long poll and > MaxTimerSeconds and <= int.MaxValue)
        {
            errors.Add(new ConfigError("POLL_INTERVAL", $"must be at most {MaxTimerSeconds} seconds (49.7 days), the longest period an Orleans grain timer takes, got {poll}"));
        }

        if (values["ALARM_BUDGET"] is double budget && !(budget > 0 && budget <= 10_000))
        {
            errors.Add(new ConfigError("ALARM_BUDGET", $"must be the false alarms allowed per 10,000 normal lines, above 0 and at most 10000, got {budget}"));
        }

        if (values["RETENTION_DAYS"] is long retention and (< 0 or > 36_500))
        {
            errors.Add(new ConfigError("RETENTION_DAYS", $"must be the days anomalies and incidents are kept, 1 to 36500, or 0 to keep them forever, got {retention}"));
        }

        if (values["AGGR_EPS"] is double eps && !(eps >= 0 && eps <= 1))
        {
            errors.Add(new ConfigError("AGGR_EPS", $"must be a template distance between 0 (same words only) and 1 (any words), got {eps}"));
        }
    }

    // The database daemon reads MongoDB or MySQL and writes either; the files and standard output go with the local source
    // (LocalFileRules). True when the sink belongs to that other shape, whose file would only get a list of missing keys.
    private static bool CheckDatabaseStorage(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        var source = values["STORAGE_DATASOURCE"] as string;
        if (source is not (MongoStorage or MySqlStorage))
        {
            errors.Add(new ConfigError("STORAGE_DATASOURCE",
                $"the daemon reads \"{MongoStorage}\" (MongoDB), \"{MySqlStorage}\" (MySQL, MariaDB) or \"{LocalFileRules.FileSink}\" (the file LS_INPUT_PATH), got \"{source}\""));
        }

        var sink = values["STORAGE_DATASINK"] as string;
        if (sink is LocalFileRules.FileSink or LocalFileRules.StdoutSink)
        {
            errors.Add(new ConfigError("STORAGE_DATASINK",
                $"\"{sink}\" goes with STORAGE_DATASOURCE: local; a MongoDB or MySQL source writes its anomalies to MongoDB (\"{MongoStorage}\") or MySQL (\"{MySqlStorage}\")"));
            return true;
        }

        if (sink is not (MongoStorage or MySqlStorage))
        {
            errors.Add(new ConfigError("STORAGE_DATASINK",
                $"a MongoDB or MySQL source writes its anomalies to MongoDB (\"{MongoStorage}\") or MySQL (\"{MySqlStorage}\"), got \"{sink}\""));
        }

        return false;
    }

    private static void CheckModel(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        var model = values["MODEL"] as string;
        if (!Enum.TryParse<DetectorModel>(model, ignoreCase: true, out var kind) || int.TryParse(model, out _))
        {
            errors.Add(new ConfigError("MODEL", $"must be \"default\", \"som\", \"novelty\" or \"lof\", got \"{model}\""));
            return;
        }

        // The LOF keys matter only to the lof model; a file choosing another model may keep whatever the fork accepted.
        if (kind != DetectorModel.Lof)
        {
            return;
        }

        if (values["LOF_NEIGHBORS"] is long neighbors and (< 1 or > 100_000))
        {
            errors.Add(new ConfigError("LOF_NEIGHBORS", $"must be the number of nearest training lines a line is compared with, 1 to 100000, got {neighbors}"));
        }

        if (!LofMetrics.TryParse(values["LOF_METRIC"] as string, out _))
        {
            errors.Add(new ConfigError("LOF_METRIC", $"must be one of {LofMetrics.Allowed}, got \"{values["LOF_METRIC"]}\""));
        }
    }

    // A missing CA file would otherwise surface only as failed handshakes once the silo runs.
    private static void CheckMongoTls(IReadOnlyDictionary<string, object?> values, Func<string, string> keyOf, List<ConfigError> errors)
    {
        if (values["MG_CA_CERT"] is string { Length: > 0 } caFile && !File.Exists(caFile))
        {
            // The fork's older key says "DIR" but always named a file.
            errors.Add(new ConfigError(keyOf("MG_CA_CERT"), Directory.Exists(caFile)
                ? $"{caFile} is a directory; name the CA certificate file (PEM) in it"
                : $"the CA certificate file {caFile} does not exist"));
        }

        if (values["MG_CERT_DIR"] is string { Length: > 0 } certDir && !Directory.Exists(certDir))
        {
            errors.Add(new ConfigError("MG_CERT_DIR", $"the certificate directory {certDir} does not exist"));
        }
    }

    private static void CheckAlerts(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        foreach (var key in new[] { "ALERT_WEBHOOK_URL", "ALERTMANAGER_URL", "ALERT_LINK_BASE" })
        {
            if (values[key] is string { Length: > 0 } text
                && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                errors.Add(new ConfigError(key, $"must be an absolute http:// or https:// URL, got \"{text}\""));
            }
        }

        foreach (var (file, url) in new[] { ("ALERT_WEBHOOK_AUTH_FILE", "ALERT_WEBHOOK_URL"), ("ALERTMANAGER_AUTH_FILE", "ALERTMANAGER_URL") })
        {
            if (values[file] is string { Length: > 0 } && values[url] is not string { Length: > 0 })
            {
                errors.Add(new ConfigError(file, $"is set but {url} is not; name the receiver the credentials are for"));
            }
        }

        if (values["ALERT_RATE_LIMIT"] is long rate and (< 1 or > 60_000))
        {
            errors.Add(new ConfigError("ALERT_RATE_LIMIT", $"must be the deliveries per minute to each receiver, 1 to 60000, got {rate}"));
        }

        // Alertmanager takes any label value, but a blank severity would route nowhere a person looks.
        if (values["ALERT_SEVERITY"] is not string { Length: > 0 } severity || string.IsNullOrWhiteSpace(severity))
        {
            errors.Add(new ConfigError("ALERT_SEVERITY", "is empty: name the severity label alerts carry (e.g. warning, critical)"));
        }
    }

    private static void CheckClustering(IReadOnlyDictionary<string, object?> values, List<ConfigError> errors)
    {
        if (!Enum.TryParse<ClusteringMode>(values["CLUSTERING"] as string, ignoreCase: true, out _)
            || int.TryParse(values["CLUSTERING"] as string, out _))
        {
            errors.Add(new ConfigError("CLUSTERING", $"must be \"localhost\" (one silo) or \"mongo\" (silos meet in MongoDB), got \"{values["CLUSTERING"]}\""));
        }

        foreach (var key in new[] { "SILO_PORT", "GATEWAY_PORT" })
        {
            if (values[key] is long port and (< 1 or > 65535))
            {
                errors.Add(new ConfigError(key, $"must be a TCP port between 1 and 65535, got {port}"));
            }
        }

        if (values["SILO_PORT"] is long silo && values["GATEWAY_PORT"] is long gateway && silo == gateway)
        {
            errors.Add(new ConfigError("GATEWAY_PORT", $"must differ from SILO_PORT ({silo})"));
        }

        // The web server listens on every interface, so it cannot share a port with the silo or its gateway.
        foreach (var key in new[] { "SILO_PORT", "GATEWAY_PORT" })
        {
            if (values["HTTP_PORT"] is long http and > 0 && values[key] is long port && http == port)
            {
                errors.Add(new ConfigError("HTTP_PORT", $"must differ from {key} ({port})"));
            }
        }

        if (values["ADVERTISED_IP"] is string { Length: > 0 } ip && !System.Net.IPAddress.TryParse(ip, out _))
        {
            errors.Add(new ConfigError("ADVERTISED_IP", $"must be an IPv4 or IPv6 address, got \"{ip}\""));
        }

        RequireText(values, "CLUSTER_ID", "name the cluster the silos join", errors);
        RequireText(values, "SERVICE_ID", "name the service whose grain state and reminders the silos share", errors);
    }

    private static void CheckSources(IReadOnlyList<LogSourceConfig> sources, bool sameDatabase, List<ConfigError> errors)
    {
        if (sources.Count == 0)
        {
            errors.Add(new ConfigError("LOG_SOURCES", "no log sources: list at least one input collection with its HOSTNAMES (or name one with MG_INPUT_COL and LOGSOURCE_HOSTNAME)"));
        }

        foreach (var source in sources)
        {
            if (source.Hostnames.Count == 0)
            {
                errors.Add(new ConfigError($"LOG_SOURCES.{source.Collection}.HOSTNAMES", "list at least one host name"));
            }

            if (SourceRules.TargetProblem(source.TargetCollection, sameDatabase, sources.Select(s => s.Collection)) is { } target)
            {
                errors.Add(new ConfigError($"LOG_SOURCES.{source.Collection}.MG_TARGET_COL", target));
            }

            if (SourceRules.NameProblem(source.Collection) is { } collection)
            {
                errors.Add(new ConfigError($"LOG_SOURCES.{source.Collection}", $"the input collection name {collection}"));
            }
        }
    }

    private static void RequireText(IReadOnlyDictionary<string, object?> values, string key, string why, List<ConfigError> errors) =>
        RequireText(values, key, key, why, errors);

    private static void RequireText(
        IReadOnlyDictionary<string, object?> values, string writtenKey, string key, string why, List<ConfigError> errors)
    {
        if (values[key] is not string { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(writtenKey, $"is empty: {why}"));
        }
    }
}

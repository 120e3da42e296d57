namespace Lad.Integration.Tests.Fixtures;

/// <summary>Config files of the seed fork's last version (nadzyah/log-anomaly-detector, <c>config_files/</c>), verbatim,
/// for the tests that load or run them.</summary>
internal static class ForkFiles
{
    /// <summary><c>mysql.yaml</c>: one MySQL source table and its anomaly table on the fork's own server.</summary>
    public const string MysqlYaml = """
        STORAGE_DATASOURCE: mysql
        STORAGE_DATASINK: mysql
        MYSQL_INPUT_HOST: 172.17.18.93
        MYSQL_TARGET_HOST: 172.17.18.93
        MYSQL_INPUT_USER: dbadmin
        MYSQL_INPUT_PASSWORD: password123
        MYSQL_TARGET_USER: dbadmin
        MYSQL_TARGET_PASSWORD: password123
        MYSQL_INPUT_DB: original_logs
        MYSQL_TARGET_DB: logstoredb
        LOG_SOURCES:
          logs:
            HOSTNAMES:
              - data.solidex.by
            MYSQL_TARGET_TABLE: anomaly_logs

        MESSAGE_INDEX: message
        DATETIME_INDEX: received_at
        HOSTNAME_INDEX: hostname

        TRAIN_MAX_ENTRIES: 20000
        TRAIN_TIME_SPAN: 7776000

        """;
}

namespace Lad.Integration.Tests.Daemon;

/// <summary>Seed-shaped daemon configurations for the tests.</summary>
internal static class DaemonYaml
{
    public const string Network = "network_logs";
    public const string Web = "web_logs";
    public const string NetworkTarget = "network_anomaly";
    public const string WebTarget = "web_anomaly";

    /// <summary>Two sources: network_logs (cumulus, EXOS-VM) and web_logs (dataform).</summary>
    public static string TwoSources(string uri, string inputDb, string targetDb, int batchSize = 100) => $"""
        STORAGE_DATASOURCE: "mg"
        STORAGE_DATASINK: "mg"
        MG_URI: "{uri}"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_POLL_BATCH_SIZE: {batchSize}
        MG_MAX_MESSAGE_LENGTH: 400
        POLL_INTERVAL: 1
        PARALLELISM: 2
        LOG_SOURCES:
          "{Network}":
            HOSTNAMES: ["cumulus", "EXOS-VM"]
            MG_TARGET_COL: "{NetworkTarget}"
          "{Web}":
            HOSTNAMES: ["dataform"]
            MG_TARGET_COL: "{WebTarget}"
        """;

    /// <summary>One source with one host (cumulus).</summary>
    public static string OneHost(string uri, string inputDb, string targetDb) => OneSource(uri, inputDb, targetDb, Network, "cumulus", NetworkTarget);

    /// <summary>One source with one host; <paramref name="sourceLine"/> is added under the source's entry.</summary>
    public static string OneSource(string uri, string inputDb, string targetDb, string collection, string host, string target, string sourceLine = "") => $"""
        MG_URI: "{uri}"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_POLL_BATCH_SIZE: 50
        POLL_INTERVAL: 1
        LOG_SOURCES:
          "{collection}":
            HOSTNAMES: ["{host}"]
            MG_TARGET_COL: "{target}"
            {sourceLine}
        """;
}

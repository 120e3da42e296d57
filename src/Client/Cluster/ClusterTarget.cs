namespace Lad.Client.Cluster;

/// <summary>The cluster a command talks to: where its gateway is and the ids its silos were started with (a gateway
/// lets in only clients naming the same cluster and service).</summary>
/// <param name="Gateway">The gateway's <c>host:port</c>.</param>
/// <param name="ClusterId">The silos' <c>CLUSTER_ID</c>.</param>
/// <param name="ServiceId">The silos' <c>SERVICE_ID</c>.</param>
internal sealed record ClusterTarget(string Gateway, string ClusterId, string ServiceId);

namespace Lad.Client.Cluster;

/// <summary>No LAD silo could be reached; the message says where it looked.</summary>
internal sealed class ClusterUnavailableException(string message) : Exception(message);

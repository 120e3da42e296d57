namespace Lad.Grains.Abstractions.Configuration;

/// <summary>How the silos of a LAD deployment find each other (<c>CLUSTERING</c>).</summary>
public enum ClusteringMode
{
    /// <summary>A single silo on this machine (a VM with systemd, development).</summary>
    Localhost,

    /// <summary>Any number of silos whose membership, gateways and reminders live in MongoDB (Kubernetes).</summary>
    Mongo,
}

namespace Lad.Grains.Clustering;

/// <summary>Settings of <see cref="MongoMembershipTable"/> (silos) and <see cref="MongoGatewayListProvider"/> (clients).</summary>
/// <remarks>Silo rows go to <c>&lt;CollectionPrefix&gt;membership</c>, table versions to <c>&lt;CollectionPrefix&gt;membership_versions</c>.</remarks>
public sealed class MongoClusteringOptions : MongoTableOptions;

namespace Lad.Grains.Placement;

/// <summary>This silo's view of which silo owns a host: <see cref="HostOwnership"/> over the silos membership
/// currently lists as active.</summary>
internal sealed class ClusterOwnership(IClusterMembershipService membership, ILocalSiloDetails localSilo, ISiloStatusOracle siloStatus)
{
    /// <summary>Whether this silo is stopping: it owns nothing any more, its grains are being deactivated, and a call that
    /// needs a grain placed (a host's watch of its shared poll, say) is refused until it has stopped.</summary>
    public bool Leaving => siloStatus.CurrentStatus.IsTerminating();

    /// <summary>The owner of <paramref name="hostKey"/> when it is another silo than this one; null while this silo
    /// owns it (or knows no active silo, as while it starts or stops).</summary>
    public SiloAddress? OwnerElsewhere(string hostKey)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress);
        var owner = HostOwnership.OwnerOf(hostKey, active);
        return owner is null || owner.Equals(localSilo.SiloAddress) ? null : owner;
    }
}

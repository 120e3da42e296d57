using System.Net;
using Lad.Grains.Placement;

namespace Lad.Integration.Tests.Cluster;

/// <summary>The owner function every silo uses to place host detectors: same answer everywhere, shares near 1/n, and
/// a joining or leaving silo moves only its own share.</summary>
public class HostOwnershipTests
{
    private static readonly List<string> Hosts = [.. Enumerable.Range(0, 3000).Select(i => $"network_logs/host-{i}")];

    private static SiloAddress Silo(int port, int generation = 1) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    [Fact]
    public void EachSiloOwnsANearEqualShare()
    {
        var silos = new[] { Silo(11111), Silo(11112), Silo(11113) };
        var shares = Hosts.GroupBy(h => HostOwnership.OwnerOf(h, silos)).ToDictionary(g => g.Key!, g => g.Count());

        Assert.Equal(3, shares.Count);
        // 1000 expected each; a binomial spread of 3000 over 3 stays within +-10% by a wide margin (about 4 sigma).
        Assert.All(shares.Values, n => Assert.InRange(n, 900, 1100));
    }

    [Fact]
    public void TheOwnerDoesNotDependOnOrderOrGeneration()
    {
        var silos = new[] { Silo(11111), Silo(11112), Silo(11113) };
        var reordered = new[] { Silo(11113, 7), Silo(11111, 9), Silo(11112, 3) };

        Assert.All(Hosts, h => Assert.Equal(
            HostOwnership.OwnerOf(h, silos)!.Endpoint,
            HostOwnership.OwnerOf(h, reordered)!.Endpoint));
    }

    [Fact]
    public void AJoiningSiloTakesOnlyWhatItNowOwns()
    {
        var before = new[] { Silo(11111), Silo(11112), Silo(11113) };
        var joiner = Silo(11114);
        var after = before.Append(joiner).ToArray();

        var moved = Hosts.Where(h => !HostOwnership.OwnerOf(h, before)!.Equals(HostOwnership.OwnerOf(h, after))).ToList();

        Assert.All(moved, h => Assert.Equal(joiner, HostOwnership.OwnerOf(h, after)));
        Assert.InRange(moved.Count, 650, 850); // a quarter of 3000
    }

    [Fact]
    public void ALeavingSiloHandsOverOnlyItsOwnHosts()
    {
        var silos = new[] { Silo(11111), Silo(11112), Silo(11113) };
        var survivors = silos[..2];

        foreach (var host in Hosts)
        {
            var owner = HostOwnership.OwnerOf(host, silos)!;
            var next = HostOwnership.OwnerOf(host, survivors)!;
            if (!owner.Equals(silos[2]))
            {
                Assert.Equal(owner, next);
            }
        }
    }

    [Fact]
    public void NoSiloMeansNoOwner() => Assert.Null(HostOwnership.OwnerOf("network_logs/cumulus", []));
}

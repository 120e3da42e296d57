using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Lad.Grains.Placement;

/// <summary>Which silo owns a host detector: rendezvous (highest random weight) hashing of the host's grain key over
/// the silos' endpoints.</summary>
/// <remarks>Every silo computes the same owner from the same set of silos, with no coordination and no stored table.
/// When a silo joins, exactly the hosts it now owns move to it (about 1/n of them) and no host moves between the
/// others; when a silo leaves, only its hosts move. The endpoint, not the silo's generation, is hashed, so a silo
/// restarted on the same address gets its hosts back.</remarks>
public static class HostOwnership
{
    /// <summary>The owner of <paramref name="hostKey"/> among <paramref name="silos"/>, or null when there is none.</summary>
    /// <param name="hostKey">The host detector's grain key (<c>collection/hostname</c>).</param>
    /// <param name="silos">The silos that may run host detectors.</param>
    public static SiloAddress? OwnerOf(string hostKey, IEnumerable<SiloAddress> silos)
    {
        SiloAddress? owner = null;
        var best = 0UL;
        foreach (var silo in silos)
        {
            var weight = Weight(hostKey, silo);
            // Ties (vanishingly rare) go to the smaller address, so every silo still picks the same owner.
            if (owner is null || weight > best || (weight == best && silo.CompareTo(owner) < 0))
            {
                owner = silo;
                best = weight;
            }
        }

        return owner;
    }

    private static ulong Weight(string hostKey, SiloAddress silo)
    {
        // A stable hash across processes and runs: string.GetHashCode is randomised per process.
        var text = $"{hostKey}\n{silo.Endpoint}";
        Span<byte> hash = stackalloc byte[8];
        XxHash64.Hash(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}

using Lad.Grains.Abstractions.Sources;

namespace Lad.Grains.Abstractions.Detection;

/// <summary>The status of every registered host, as <c>lad hosts</c> and the console's host list show it.</summary>
public static class HostStatuses
{
    /// <summary>The status of every registered host, in source then host order; a detector that does not answer is
    /// listed as failed with the reason (<see cref="OfAsync"/>), so one broken host never hides the others.</summary>
    /// <param name="grains">The cluster's grains.</param>
    public static async Task<HostStatus[]> OfRegisteredAsync(IGrainFactory grains)
    {
        var sources = await SourceRegistry.Get(grains).ListAsync();
        return await Task.WhenAll(sources.SelectMany(s => s.Hostnames.Select(h => OfAsync(grains, new HostKey(s.Collection, h)))));
    }

    /// <summary>The status of <paramref name="host"/>'s detector, or, when it does not answer, a failed status saying why.</summary>
    /// <param name="grains">The cluster's grains.</param>
    /// <param name="host">The host.</param>
    public static async Task<HostStatus> OfAsync(IGrainFactory grains, HostKey host)
    {
        try
        {
            return await grains.GetGrain<IHostDetectorGrain>(host.ToGrainKey()).GetStatusAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HostStatus(host, DetectorPhase.Failed,
                $"status unavailable ({e.GetType().Name}: {ErrorText.Brief(e.GetBaseException().Message)})",
                0, 0, null, 0, 0, null, false, 0, 0, null, "", new Dictionary<string, long>(), new Dictionary<string, long>());
        }
    }
}

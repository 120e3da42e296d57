using System.Collections.Concurrent;
using Orleans.Placement;

namespace Lad.Integration.Tests.Clustering;

/// <summary>A grain that says which silo it lives on and can tick a reminder, recording each tick's silo.</summary>
public interface IProbeGrain : IGrainWithIntegerKey
{
    Task<string> WhereAsync();

    Task StartTickingAsync(TimeSpan period);
}

/// <summary>Ticks seen by every in-process silo, keyed by grain, so a test sees ticks from silos that later died.</summary>
public static class ProbeTicks
{
    private static readonly ConcurrentDictionary<long, ConcurrentQueue<(string Silo, DateTime At)>> Ticks = new();

    public static void Record(long grain, string silo) => Ticks.GetOrAdd(grain, _ => new()).Enqueue((silo, DateTime.UtcNow));

    public static IReadOnlyList<(string Silo, DateTime At)> Of(long grain) => Ticks.TryGetValue(grain, out var ticks) ? [.. ticks] : [];
}

// Random placement makes the spread across silos a property of the cluster, not of the load-based default.
[RandomPlacement]
public sealed class ProbeGrain(ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    public Task<string> WhereAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public Task StartTickingAsync(TimeSpan period) => this.RegisterOrUpdateReminder("tick", period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ProbeTicks.Record(this.GetPrimaryKeyLong(), silo.SiloAddress.ToString());
        return Task.CompletedTask;
    }
}

using Lad.Grains.Abstractions.Security;
namespace Lad.Grains.Abstractions.Anomalies;

/// <summary>Reads stored anomalies from the target collections of the registered sources (key 0; stateless).</summary>
[Alias("lad.IAnomalyQueryGrain")]
public interface IAnomalyQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The newest anomalies matching <paramref name="query"/>, newest first.</summary>
    /// <exception cref="LadRequestException">A limit below 1 or an unknown source.</exception>
    [RequiresRole(LadRole.Read)]
    Task<IReadOnlyList<AnomalySummary>> QueryAsync(AnomalyQuery query);

    /// <summary>Every registered host's anomalies per clock hour over the last <paramref name="hours"/> hours (the last
    /// one the current hour), from the counts the sink keeps, for the console's charts.</summary>
    /// <param name="hours">How many hours.</param>
    /// <param name="collection">Only this source's hosts, when given.</param>
    /// <param name="hostname">Only this host, when given.</param>
    /// <exception cref="LadRequestException">Hours outside 1 to 168, or an unknown source.</exception>
    [RequiresRole(LadRole.Read)]
    Task<HourlyAnomalies> HourlyAsync(int hours, string? collection = null, string? hostname = null);
}

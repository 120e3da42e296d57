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

    /// <summary>Every host's anomalies per hour over the last <paramref name="hours"/> hours (the last one ending now),
    /// counted by the database, for the console's overview.</summary>
    /// <exception cref="LadRequestException">Hours outside 1 to 168.</exception>
    [RequiresRole(LadRole.Read)]
    Task<HourlyAnomalies> HourlyAsync(int hours);
}

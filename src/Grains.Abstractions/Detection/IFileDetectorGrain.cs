using Lad.Grains.Abstractions.Security;

namespace Lad.Grains.Abstractions.Detection;

/// <summary>The detector of the database-free daemon (<c>STORAGE_DATASOURCE: local</c>): follows <c>LS_INPUT_PATH</c>,
/// keeps one model per host found in it, and writes anomalies to standard output or <c>LS_OUTPUT_PATH</c>.</summary>
[Alias("lad.IFileDetectorGrain")]
public interface IFileDetectorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the detector runs: trains on what the file holds when it has no models, then reads what is
    /// appended on its timer. Calling it on a running detector does nothing.</summary>
    [RequiresRole(LadRole.Admin)]
    Task StartAsync();
}

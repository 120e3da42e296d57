namespace Lad.ScaleBench;

/// <summary>What one silo process measured for one host count.</summary>
/// <param name="Hosts">Hosts in the log.</param>
/// <param name="Trained">Hosts the silo logged as trained.</param>
/// <param name="Failed">Hosts whose training the silo logged as failed.</param>
/// <param name="LogBytes">Size of the log file.</param>
/// <param name="TrainingSeconds">Training started to the first host logged as trained: reading the history and training
/// every host, one after another, on the thread pool (and up to one POLL_INTERVAL until the grain notices).</param>
/// <param name="LoadingSeconds">First to last host logged as trained: the grain loading each saved model and opening
/// its stream, in one turn.</param>
/// <param name="WallSeconds">Process start to the last host logged as trained.</param>
/// <param name="CpuSeconds">The silo's CPU time (user and system) at that moment.</param>
/// <param name="IdleCpuCores">The silo's CPU time per second over the second half of its idle period.</param>
/// <param name="IdleRssBytes">VmRSS at the end of the idle period.</param>
/// <param name="PeakRssBytes">VmHWM at the end of the idle period: the most the silo was ever resident.</param>
/// <param name="StateBytes">What MODEL_DIR holds (the saved models and the reading position).</param>
/// <param name="Heap">The managed heap after an induced full collection, when it could be read.</param>
/// <param name="LogProblems">Lines the silo logged at Warning or above until the heap was read.</param>
/// <param name="FirstLogProblems">The first few of them.</param>
internal sealed record CountFigures(
    int Hosts,
    int Trained,
    int Failed,
    long LogBytes,
    double TrainingSeconds,
    double LoadingSeconds,
    double WallSeconds,
    double CpuSeconds,
    double IdleCpuCores,
    long IdleRssBytes,
    long PeakRssBytes,
    long StateBytes,
    HeapFigures? Heap,
    int LogProblems,
    IReadOnlyList<string> FirstLogProblems);

/// <summary>The silo's managed heap after a full collection the bench induced.</summary>
/// <param name="HeapBytes">The generations' sizes after it (GCHeapStats): what the live objects take.</param>
/// <param name="RssAfterGcBytes">VmRSS once that collection is done.</param>
internal sealed record HeapFigures(long HeapBytes, long RssAfterGcBytes);

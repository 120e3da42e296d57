using System.Diagnostics;

namespace Lad.Engine.Evaluation.Speed;

/// <summary>
/// The clock the speed benchmarks (<see cref="DetectorSpeed"/>, <c>lad bench-parse</c>) time by: the process's CPU
/// seconds, so a machine busy with other work does not slow their rates (waiting for a core costs wall time, not CPU
/// time) and helper threads are counted.
/// </summary>
public static class CpuClock
{
    /// <summary>The process's CPU seconds so far.</summary>
    public static double Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// The CPU seconds a step took, <paramref name="cpuSeconds"/>, or the wall time on <paramref name="clock"/> when it
    /// read none: a step shorter than the CPU clock's tick (10 ms on Linux) can measure no CPU time at all.
    /// </summary>
    public static double Measured(double cpuSeconds, Stopwatch clock) => cpuSeconds > 0 ? cpuSeconds : clock.Elapsed.TotalSeconds;
}

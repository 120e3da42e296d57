using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Lad.ScaleBench;

/// <summary>Reads a .NET process's managed heap from outside it, through its diagnostic port (EventPipe).</summary>
/// <remarks>Asking for the runtime's GCHeapCollect keyword makes the process run a blocking full collection (as
/// dotnet-gcdump does, without walking the heap); the GCHeapStats event after it gives the generations' sizes, so the
/// figure is the live objects, not garbage waiting for a collection. The collection also returns memory, so RSS is
/// read again after it.</remarks>
internal static class HeapReader
{
    private const long GcKeywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The heap after an induced full collection, or null when it could not be read (reported on stderr).</summary>
    public static async Task<HeapFigures?> ReadAsync(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            using var session = client.StartEventPipeSession(
                [new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, GcKeywords)], requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var fullCollection = false;
            source.Clr.GCStart += e => fullCollection |= e.Depth == 2;
            source.Clr.GCHeapStats += e =>
            {
                if (fullCollection)
                {
                    heap.TrySetResult(e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4);
                }
            };
            var processing = Task.Run(source.Process);
            var done = await Task.WhenAny(heap.Task, Task.Delay(Patience));
            await session.StopAsync(CancellationToken.None);
            await processing.WaitAsync(Patience);
            if (done != heap.Task)
            {
                Console.Error.WriteLine($"lad-bench-scale: no full collection seen in the silo within {Patience.TotalSeconds} s; heap not read");
                return null;
            }

            var after = ProcessSample.Read(pid);
            return new HeapFigures(heap.Task.Result, after?.RssBytes ?? 0);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            Console.Error.WriteLine($"lad-bench-scale: the silo's heap could not be read ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }
}

using BenchmarkDotNet.Attributes;
using Lad.Engine.Parse;

namespace Lad.Benchmarks;

/// <summary>
/// Template miner throughput on generated lines (no datasets needed): Match on a trained miner (the scoring path,
/// expected to allocate nothing) and Learn into a fresh miner.
/// </summary>
[MemoryDiagnoser]
public class MinerBenchmarks
{
    private string[] _lines = [];
    private TemplateMiner _trained = null!;

    /// <summary>Generates the lines and trains the miner used by <see cref="Match"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _lines = GeneratedLines.Create(seed: 17, count: 10_000);
        _trained = new TemplateMiner();
        foreach (var line in _lines)
        {
            _trained.Learn(line);
        }
    }

    /// <summary>Masks and matches every line once.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public int Match()
    {
        var known = 0;
        foreach (var line in _lines)
        {
            known += _trained.Match(line).IsKnown ? 1 : 0;
        }

        return known;
    }

    /// <summary>Learns every line into a fresh miner.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public int Learn()
    {
        var miner = new TemplateMiner();
        foreach (var line in _lines)
        {
            miner.Learn(line);
        }

        return miner.TemplateCount;
    }
}

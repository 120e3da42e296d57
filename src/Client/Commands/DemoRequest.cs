using Lad.Engine.Model;

namespace Lad.Client.Commands;

/// <summary>The parsed options of one <c>lad demo</c> run.</summary>
/// <param name="OutPath">Where the generated log goes (its labels go next to it as <c>.labels</c>).</param>
/// <param name="Hosts">How many hosts the synthetic log has.</param>
/// <param name="LinesPerHost">How many lines each host writes; the first half is history.</param>
/// <param name="Seed">Seed of the generator and the trainer.</param>
/// <param name="Options">Model kind and trainer options.</param>
/// <param name="MaxRows">How many rows a table shows at most (the counts always cover all).</param>
/// <param name="PerLine">Whether every flagged line is listed too, not only the incidents.</param>
/// <param name="Scenarios">Whether timed scenarios are planted and reported (<c>--scenarios</c>).</param>
internal sealed record DemoRequest(string OutPath, int Hosts, int LinesPerHost, int Seed, DetectorOptions Options, int MaxRows = 40, bool PerLine = false, bool Scenarios = false);

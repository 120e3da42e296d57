using Lad.Engine.Model;

namespace Lad.Client.Commands;

/// <summary>The parsed options of one <c>lad eval</c> run.</summary>
/// <param name="FilePath">The labelled log to evaluate on.</param>
/// <param name="Format">The line format name.</param>
/// <param name="MessageRegex">A custom line regex, overriding <paramref name="Format"/>.</param>
/// <param name="LabelsPath">Session labels CSV, for session mode.</param>
/// <param name="SessionRegex">Session key regex, for session mode.</param>
/// <param name="TrainPath">A separate training log, or null to split <paramref name="FilePath"/>.</param>
/// <param name="TrainFraction">The training share of <paramref name="FilePath"/> when there is no separate training log.</param>
/// <param name="Options">Model kind and trainer options.</param>
/// <param name="ScoresPath">Where to write every scored item (<see cref="Lad.Engine.Evaluation.Detection.ScoresFile"/>), or null.</param>
internal sealed record EvalRequest(
    string FilePath,
    string Format,
    string? MessageRegex,
    string? LabelsPath,
    string? SessionRegex,
    string? TrainPath,
    double TrainFraction,
    DetectorOptions Options,
    string? ScoresPath = null);

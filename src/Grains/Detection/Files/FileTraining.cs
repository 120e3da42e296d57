namespace Lad.Grains.Detection.Files;

/// <summary>What one training of the file's hosts made.</summary>
/// <param name="Models">The saved model of each host trained.</param>
/// <param name="Failures">Why each host whose training failed has no new model.</param>
/// <param name="Lines">How many lines each host trained on.</param>
internal sealed record FileTraining(
    IReadOnlyDictionary<string, byte[]> Models, IReadOnlyDictionary<string, string> Failures, IReadOnlyDictionary<string, int> Lines);

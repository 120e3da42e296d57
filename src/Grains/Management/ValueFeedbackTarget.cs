using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.Management;

/// <summary>Picks the one value a value-scope false positive makes normal, from the value evidence the host's model finds
/// in the line, refusing when there is none or the request does not say which.</summary>
internal static class ValueFeedbackTarget
{
    /// <summary>The value at <paramref name="parameter"/>, or the line's only unusual value when none is named.</summary>
    /// <param name="evidence">The line's value evidence on the host's current model; null when it has no model yet.</param>
    /// <param name="parameter">The template parameter (from 1) the request names, if any.</param>
    /// <param name="host">The host, for the errors.</param>
    /// <exception cref="LadRequestException">No model, no value evidence (at that parameter), or several candidates.</exception>
    public static ValueEvidence Choose(IReadOnlyList<ValueEvidence>? evidence, int? parameter, HostKey host)
    {
        if (parameter is < 1)
        {
            throw new LadRequestException($"parameter: must be 1 or more (the template parameter as reasons number it), not {parameter}");
        }

        if (evidence is null)
        {
            throw new LadRequestException($"scope: host {host} has no model yet, so the line's values cannot be judged; use line scope");
        }

        if (evidence.Count == 0)
        {
            throw new LadRequestException(
                $"scope: the line has no unusual value at a template parameter on host {host}'s current model, so value scope has nothing to cover; use line or template scope");
        }

        var candidates = parameter is { } named ? evidence.Where(v => v.Parameter == named).ToList() : evidence.ToList();
        if (candidates.Count == 0)
        {
            throw new LadRequestException($"parameter: the line has no unusual value at parameter {parameter}; it has {List(evidence)}");
        }

        if (candidates.Count > 1)
        {
            throw new LadRequestException(parameter is null
                ? $"parameter: the line has unusual values at several parameters ({List(candidates)}); name the one that is normal"
                : $"parameter: parameter {parameter} holds several unusual values ({List(candidates)}); value scope covers one value, so use line scope");
        }

        return candidates[0];
    }

    private static string List(IEnumerable<ValueEvidence> evidence) =>
        string.Join(", ", evidence.Select(v => $"'{v.Value}' at parameter {v.Parameter}"));
}

using System.Security.Cryptography;
using System.Text;

namespace Lad.Engine.Incidents;

/// <summary>Makes incident ids: the same for the same source, signature and first anomaly, so an incident that a crash
/// made the daemon open twice is the same document both times.</summary>
public static class IncidentIds
{
    /// <summary>16 lower-case hex digits of SHA-256 over the three parts.</summary>
    /// <param name="source">The incident's source.</param>
    /// <param name="signature">Its signature key.</param>
    /// <param name="firstAnomalyId">The id of the anomaly that opened it.</param>
    public static string For(string source, string signature, string firstAnomalyId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{signature}\n{firstAnomalyId}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }
}

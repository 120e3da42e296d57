namespace Lad.Grains.Abstractions.Security;

/// <summary>What a token may do; each role includes every lower one (admin &gt; feedback &gt; read).</summary>
public enum LadRole
{
    /// <summary>Read anomalies, feedback, hosts, sources and (when protected) metrics.</summary>
    Read = 1,

    /// <summary>Read, and give or undo feedback.</summary>
    Feedback = 2,

    /// <summary>Everything, including sources and retraining.</summary>
    Admin = 3,
}

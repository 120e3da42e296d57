namespace Lad.Engine.Incidents;

/// <summary>What happened to an incident; what alert delivery reacts to.</summary>
public enum IncidentChangeKind
{
    /// <summary>A first anomaly opened it.</summary>
    Opened,

    /// <summary>More anomalies (or hosts) joined it.</summary>
    Grown,

    /// <summary>A person acknowledged it.</summary>
    Acknowledged,

    /// <summary>A person resolved it, or it stayed quiet for the quiet period.</summary>
    Resolved,
}

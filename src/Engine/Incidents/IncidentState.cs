namespace Lad.Engine.Incidents;

/// <summary>Where an incident stands.</summary>
public enum IncidentState
{
    /// <summary>Anomalies keep joining it and no one has taken it up.</summary>
    Open,

    /// <summary>A person took it up; anomalies still join it.</summary>
    Acknowledged,

    /// <summary>Closed, by a person or by a quiet period; a later repeat opens a new incident.</summary>
    Resolved,
}

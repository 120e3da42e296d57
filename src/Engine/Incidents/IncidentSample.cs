namespace Lad.Engine.Incidents;

/// <summary>One of the few lines an incident keeps as examples, with the id that finds its anomaly and source document.</summary>
/// <param name="AnomalyId">The anomaly's id.</param>
/// <param name="Host">The host that wrote the line.</param>
/// <param name="Time">When it was written (UTC).</param>
/// <param name="Message">The line.</param>
public sealed record IncidentSample(string AnomalyId, string Host, DateTime Time, string Message);

namespace Lad.Engine.Source.Synthetic;

/// <summary>A timed scenario: a fault that shows in when and how often lines come, not (only) in what they say.</summary>
public enum SyntheticScenarioKind
{
    /// <summary>A host writes nothing for a while.</summary>
    HostSilent,

    /// <summary>A host repeats one of its routine lines far more often than ever.</summary>
    TemplateSurge,

    /// <summary>The same never-seen error on several hosts at once.</summary>
    FaultOnManyHosts,
}

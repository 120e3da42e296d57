namespace Lad.Engine.Volume;

/// <summary>What a <see cref="VolumeFinding"/> reports: anomalies no single line shows.</summary>
public enum VolumeFindingKind
{
    /// <summary>A known template appeared far more often in one interval than history ever showed.</summary>
    Surge,

    /// <summary>A template present in nearly every interval of history stopped appearing.</summary>
    Vanished,

    /// <summary>The host sent nothing for longer than history's longest gap.</summary>
    Silent,

    /// <summary>Far more never-seen templates in one interval than history's own newcomers.</summary>
    NewTemplateFlood,
}

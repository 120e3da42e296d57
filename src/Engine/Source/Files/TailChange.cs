namespace Lad.Engine.Source.Files;

/// <summary>What happened to the tailed file since the last read.</summary>
public enum TailChange
{
    /// <summary>It grew, or nothing happened.</summary>
    None,

    /// <summary>It became shorter than the position read (truncated, e.g. copy-and-truncate rotation): reading restarted
    /// at its start.</summary>
    Truncated,

    /// <summary>Another file took its path (rename rotation, or rewritten): the old one was read to its end, then reading
    /// started at the new one's start.</summary>
    Replaced,

    /// <summary>Nothing exists at the path (between a rotation's rename and the new file's creation): what was open was
    /// read to its end, and reading resumes when a file appears.</summary>
    Missing,
}

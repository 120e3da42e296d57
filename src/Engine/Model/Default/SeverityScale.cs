namespace Lad.Engine.Model.Default;

/// <summary>
/// The generic order of severity names (syslog, log4j, .NET, Java util logging), mapped to [0, 1]. The steps grow
/// towards the top: a warning is routine in most logs, an error or fatal rarely is.
/// </summary>
internal static class SeverityScale
{
    private static readonly Dictionary<string, double> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EMERG"] = 1, ["EMERGENCY"] = 1, ["ALERT"] = 1, ["PANIC"] = 1, ["FATAL"] = 1, ["CRIT"] = 1, ["CRITICAL"] = 1,
        ["FAILURE"] = 1,
        ["ERROR"] = 0.75, ["ERR"] = 0.75, ["SEVERE"] = 0.75,
        ["WARN"] = 0.4, ["WARNING"] = 0.4,
        ["NOTICE"] = 0.15,
        ["INFO"] = 0.05, ["INFORMATION"] = 0.05, ["INFORMATIONAL"] = 0.05,
        ["DEBUG"] = 0, ["TRACE"] = 0, ["VERBOSE"] = 0, ["FINE"] = 0, ["FINER"] = 0, ["FINEST"] = 0, ["CONFIG"] = 0,
    };

    /// <summary>An unrecognised level name sits in the middle: it says something, but not how much.</summary>
    public const double Unknown = 0.3;

    public static double Of(string level) => Levels.TryGetValue(level, out var value) ? value : Unknown;

    /// <summary>Whether <paramref name="word"/> is one of the level names above (in any case).</summary>
    public static bool IsLevelName(ReadOnlySpan<char> word) => Levels.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(word);
}

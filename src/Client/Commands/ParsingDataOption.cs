using System.CommandLine;
using Lad.Engine.Evaluation.Parsing;

namespace Lad.Client.Commands;

/// <summary>The <c>--data</c> option of the parsing commands (parse-bench, bench-parse) and how they load it.</summary>
internal static class ParsingDataOption
{
    /// <summary>Creates the required <c>--data</c> option naming the Loghub-2.0 2k parsing folder.</summary>
    public static Option<string> Create() => new("--data")
    {
        Description = "Folder holding one sub-folder per system with <S>_2k.log_structured_corrected.csv",
        Required = true,
    };

    /// <summary>Loads every system under <paramref name="directory"/>; on failure prints the reason on standard error as
    /// <c>lad <paramref name="command"/>: reason</c> and returns null.</summary>
    public static IReadOnlyList<ParsingDataset>? Load(string directory, string command)
    {
        try
        {
            return ParsingDataset.LoadAll(directory);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"lad {command}: --data: {e.Message}");
            return null;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Lad.Engine.Evaluation.Parsing;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary><c>lad parse-bench</c>: template-mining accuracy (GA, FGA, PA, FTA) on the Loghub-2.0 2k parsing files.</summary>
internal static class ParseBenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = ParsingDataOption.Create();
        var command = new Command("parse-bench", "Measure template-mining accuracy (GA, FGA, PA, FTA) per system") { data };
        command.SetAction(result => Run(result.GetValue(data)!));
        return command;
    }

    private static int Run(string directory)
    {
        if (ParsingDataOption.Load(directory, "parse-bench") is not { } sets)
        {
            return ExitCodes.Refused;
        }

        var table = new Table().Title("Template mining accuracy (Loghub-2.0 definitions)")
            .AddColumns("system", "lines", "GA", "FGA", "PA", "FTA", "found", "truth");
        double ga = 0, fga = 0, pa = 0, fta = 0;
        foreach (var set in sets)
        {
            var s = ParsingBenchmark.Run(set);
            table.AddRow(
                set.Name,
                set.Messages.Count.ToString(CultureInfo.InvariantCulture),
                F(s.GroupingAccuracy),
                F(s.GroupingF1),
                F(s.ParsingAccuracy),
                F(s.TemplateF1),
                s.PredictedGroups.ToString(CultureInfo.InvariantCulture),
                s.TrueGroups.ToString(CultureInfo.InvariantCulture));
            ga += s.GroupingAccuracy;
            fga += s.GroupingF1;
            pa += s.ParsingAccuracy;
            fta += s.TemplateF1;
        }

        AnsiConsole.Write(table);
        var n = sets.Count;
        Console.WriteLine($"average GA {F(ga / n)} FGA {F(fga / n)} PA {F(pa / n)} FTA {F(fta / n)}");
        return 0;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}

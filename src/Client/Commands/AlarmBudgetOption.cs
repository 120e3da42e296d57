using System.CommandLine;
using Lad.Engine.Model;

namespace Lad.Client.Commands;

/// <summary><c>--alarm-budget</c>, shared by the commands that train default models (the ALARM_BUDGET key).</summary>
internal static class AlarmBudgetOption
{
    /// <summary>Builds the option; the trainer refuses values outside (0, 10000].</summary>
    public static Option<double> Create() => new("--alarm-budget")
    {
        Description = "default model: false alarms per 10,000 normal lines its threshold may raise on held-out history (ALARM_BUDGET).",
        DefaultValueFactory = _ => DetectorOptions.DefaultAlarmBudget,
    };
}

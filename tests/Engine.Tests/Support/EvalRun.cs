using Lad.Client.Commands;
using Spectre.Console;

namespace Lad.Engine.Tests.Support;

/// <summary>Runs <c>lad eval</c> in process with its output captured.</summary>
internal static class EvalRun
{
    public static (int Code, string Output, string Error) Execute(EvalRequest request)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        var code = EvalCommand.Run(request, console, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');
}

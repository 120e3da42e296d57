using System.CommandLine;
using Spectre.Console;

namespace Lad.Integration.Tests.Console;

/// <summary>Runs lad's real command line and captures what it printed.</summary>
/// <remarks>Console and AnsiConsole are process-wide, so output is captured by swapping them for the call, one call at
/// a time across all test classes (they run in parallel).</remarks>
internal static class LadCommandLine
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<(int Code, string Output)> RunAsync(RootCommand root, params string[] args)
    {
        var (code, output, _) = await RunAsync(root, separateErrors: false, args);
        return (code, output);
    }

    /// <summary>Runs the command line, keeping what it wrote to standard error apart from its output.</summary>
    public static Task<(int Code, string Output, string Error)> RunSeparatelyAsync(RootCommand root, params string[] args) =>
        RunAsync(root, separateErrors: true, args);

    private static async Task<(int Code, string Output, string Error)> RunAsync(RootCommand root, bool separateErrors, string[] args)
    {
        await OneAtATime.WaitAsync(TestContext.Current.CancellationToken);
        var (originalOut, originalError, originalAnsi) = (System.Console.Out, System.Console.Error, AnsiConsole.Console);
        var captured = new CapturedConsole();
        System.Console.SetOut(captured.Output);
        System.Console.SetError(separateErrors ? captured.Error : captured.Output);
        AnsiConsole.Console = captured.Console;
        try
        {
            var code = await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (code, captured.Text, captured.Error.ToString());
        }
        finally
        {
            System.Console.SetOut(originalOut);
            System.Console.SetError(originalError);
            AnsiConsole.Console = originalAnsi;
            OneAtATime.Release();
        }
    }
}

using System.CommandLine;
using Spectre.Console;

namespace Lad.Integration.Tests.Console;

/// <summary>Runs lad's real command line and captures what it printed.</summary>
/// <remarks>Console and AnsiConsole are process-wide, so output is captured by swapping them for the call, one call at
/// a time across all test classes (they run in parallel). What other tests write to the console meanwhile (an
/// in-process web host's log lines) is not the command's: only writes from the command's own flow are captured.</remarks>
internal static class LadCommandLine
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly AsyncLocal<(TextWriter Output, TextWriter Error)?> CommandFlow = new();

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
        CommandFlow.Value = (captured.Output, separateErrors ? captured.Error : captured.Output);
        System.Console.SetOut(new FlowWriter(originalOut, flow => flow.Output));
        System.Console.SetError(new FlowWriter(originalError, flow => flow.Error));
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
            CommandFlow.Value = null;
            OneAtATime.Release();
        }
    }

    /// <summary>Writes to the capture of the command whose flow writes, and anything else to where it went before.</summary>
    private sealed class FlowWriter(TextWriter elsewhere, Func<(TextWriter Output, TextWriter Error), TextWriter> pick) : TextWriter
    {
        private TextWriter Target => CommandFlow.Value is { } flow ? pick(flow) : elsewhere;

        public override System.Text.Encoding Encoding => elsewhere.Encoding;

        public override void Write(char value) => Target.Write(value);

        public override void Write(string? value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void Flush() => Target.Flush();
    }
}

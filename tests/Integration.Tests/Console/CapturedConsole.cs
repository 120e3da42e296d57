using Spectre.Console;

namespace Lad.Integration.Tests.Console;

/// <summary>A Spectre console and a plain writer that record what a command printed, without colours.</summary>
internal sealed class CapturedConsole
{
    private readonly StringWriter _writer = new();

    public CapturedConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });

        // Wide enough that no table cell wraps, so assertions can look for whole values.
        Console.Profile.Width = 400;
    }

    public IAnsiConsole Console { get; }

    public TextWriter Output => _writer;

    public StringWriter Error { get; } = new();

    public string Text => _writer.ToString();
}

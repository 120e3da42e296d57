using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// Tells what a long command is doing (reading, training, scoring) as one status line redrawn in place on a terminal.
/// Piped or redirected output gets nothing, so the lines scripts read stay exactly as they were.
/// </summary>
internal static class StageProgress
{
    /// <summary>Runs <paramref name="work"/>, which names each stage it starts through the action it is given.</summary>
    /// <param name="console">Where the status is drawn, if it is an interactive terminal.</param>
    /// <param name="first">The stage shown before <paramref name="work"/> names one.</param>
    /// <param name="work">The command's work.</param>
    public static T Run<T>(IAnsiConsole console, string first, Func<Action<string>, T> work)
    {
        if (console.Profile.Capabilities is not { Interactive: true, Ansi: true })
        {
            return work(static _ => { });
        }

        // A stage is drawn the moment it starts: left to the periodic redraw, a stage shorter than its interval would
        // never be seen.
        return console.Status().Start(Markup.Escape(first), context => work(stage =>
        {
            context.Status = Markup.Escape(stage);
            context.Refresh();
        }));
    }
}

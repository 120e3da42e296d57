namespace Lad.Client;

/// <summary>How wide <c>lad</c> draws its tables: what <c>COLUMNS</c> says, else, when output goes to a pipe or a file,
/// wide enough that rows never wrap (a reader or a script gets whole values), else the terminal's own width.</summary>
internal static class ConsoleWidth
{
    /// <summary>The width for tables written to a pipe or file.</summary>
    public const int Piped = 512;

    // Narrower than this, no table of lad's is legible: such a COLUMNS is a mistake, not a request.
    private const int Narrowest = 20;

    /// <summary>The width to draw at; null to keep the terminal's.</summary>
    /// <param name="columns">The <c>COLUMNS</c> environment variable.</param>
    /// <param name="outputRedirected">Whether standard output goes to a pipe or a file.</param>
    public static int? For(string? columns, bool outputRedirected) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width >= Narrowest
            ? width
            : outputRedirected ? Piped : null;
}

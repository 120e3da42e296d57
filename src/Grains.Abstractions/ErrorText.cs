namespace Lad.Grains.Abstractions;

/// <summary>An error's text cut to what a person reads in a status column or a command's one-line failure.</summary>
public static class ErrorText
{
    /// <summary>Longest text kept whole; a longer first line keeps its first sentence.</summary>
    public const int MaxLength = 300;

    /// <summary>The first line of <paramref name="message"/>; past <see cref="MaxLength"/>, its first sentence, else its
    /// first <see cref="MaxLength"/> characters and an ellipsis.</summary>
    /// <remarks>The MongoDB driver's server selection timeout puts the cluster's whole state on its first line, a
    /// thousand characters and more with heartbeat exceptions and their stack traces.</remarks>
    /// <param name="message">An exception's message.</param>
    public static string Brief(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        if (line.Length <= MaxLength)
        {
            return line;
        }

        var sentence = line.IndexOf(". ", StringComparison.Ordinal);
        return sentence is > 0 and < MaxLength ? line[..(sentence + 1)] : line[..MaxLength] + "…";
    }
}

namespace Lad.Grains.Abstractions;

/// <summary>A management request (sources, feedback, queries) was refused because of its input; the message says which
/// field is wrong and why, fit to show to the person who sent it.</summary>
[GenerateSerializer]
public sealed class LadRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    public LadRequestException(string message)
        : base(message)
    {
    }
}

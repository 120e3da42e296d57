namespace Lad.Grains.Abstractions;

/// <summary>A management request (sources, feedback, queries) failed because the silo's database did not answer it or
/// refused it; the message names the database and says what went wrong, fit to show to the person who sent it. Unlike
/// <see cref="LadRequestException"/>, the request itself was fine: it may succeed once the database is back.</summary>
[GenerateSerializer]
public sealed class LadStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the database.</param>
    public LadStoreException(string message)
        : base(message)
    {
    }
}

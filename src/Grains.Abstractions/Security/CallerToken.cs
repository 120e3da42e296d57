namespace Lad.Grains.Abstractions.Security;

/// <summary>The Orleans <c>RequestContext</c> key under which a client sends its API token with every grain call.</summary>
public static class CallerToken
{
    /// <summary>The key; the value is the token as issued.</summary>
    public const string RequestContextKey = "lad-token";

    /// <summary>The prefix of every refusal, so the console can tell an authorisation failure from bad input.</summary>
    public const string RefusalPrefix = "auth: ";
}

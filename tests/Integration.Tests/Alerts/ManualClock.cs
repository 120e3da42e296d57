namespace Lad.Integration.Tests.Alerts;

/// <summary>A clock that moves only when told, so lease expiry is tested without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

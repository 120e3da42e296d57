using System.Threading.RateLimiting;

namespace Lad.Grains.Alerts;

/// <summary>The limit on requests to one receiver: a token bucket holding <c>ALERT_RATE_LIMIT</c> requests, refilled one
/// at a time so that a minute adds that many again; a full bucket allows a burst after a quiet spell.</summary>
public static class AlertRateLimit
{
    /// <summary>A limiter for <paramref name="perMinute"/> requests per minute; it never queues (a request it refuses waits
    /// for a later round of the delivery loop).</summary>
    /// <param name="perMinute">Requests per minute, and the largest burst.</param>
    /// <param name="refill">Whether time refills the bucket (false: only the first burst, for tests of the burst).</param>
    public static TokenBucketRateLimiter Create(int perMinute, bool refill = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / perMinute),
            QueueLimit = 0,
            AutoReplenishment = refill,
        });
    }
}

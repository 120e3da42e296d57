namespace Lad.Integration.Tests.Daemon;

/// <summary>Bounded waits: poll a condition until it holds or the time is up, then fail saying what was last seen.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, Func<T, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not reached within {timeout.TotalSeconds} s: {describe(value)}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}

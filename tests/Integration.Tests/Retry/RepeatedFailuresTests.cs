using Lad.Grains.Retry;

namespace Lad.Integration.Tests.Retry;

public class RepeatedFailuresTests
{
    [Fact]
    public void TheFirstFailureOfARunAndEverySixtiethAreLogged()
    {
        var logged = Enumerable.Range(1, 200).Where(RepeatedFailures.Logged).ToList();

        Assert.Equal([1, 60, 120, 180], logged);
        Assert.False(RepeatedFailures.Logged(0));
    }
}

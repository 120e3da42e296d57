using Lad.Grains.Retry;

namespace Lad.Integration.Tests.Retry;

public class FailureStreakTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    // A pause of as many seconds as failures in a row, so each figure below tells which failure made it.
    private static FailureStreak Streak() => new(failures => TimeSpan.FromSeconds(failures));

    [Fact]
    public void EachFailureWaitsTheBackoffOfItsPlaceInTheStreak()
    {
        var streak = Streak();
        Assert.False(streak.Waiting(Now));

        Assert.Equal(TimeSpan.FromSeconds(1), streak.Failed(Now));
        Assert.True(streak.Waiting(Now.AddSeconds(0.9)));
        Assert.False(streak.Waiting(Now.AddSeconds(1)));

        Assert.Equal(TimeSpan.FromSeconds(2), streak.Failed(Now.AddSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), streak.Failed(Now.AddSeconds(3)));
        Assert.Equal(3, streak.Count);
        Assert.True(streak.Waiting(Now.AddSeconds(5.9)));
        Assert.False(streak.Waiting(Now.AddSeconds(6)));
    }

    [Fact]
    public void TheReasonIsWrittenFromTheFailuresInARowAndThePause()
    {
        var streak = Streak();
        streak.Failed(Now, (failures, pause) => $"failed {failures}, retry in {pause.TotalSeconds} s");
        streak.Failed(Now, (failures, pause) => $"failed {failures}, retry in {pause.TotalSeconds} s");

        Assert.Equal("failed 2, retry in 2 s", streak.Reason);
        streak.Failed(Now);
        Assert.Null(streak.Reason);
    }

    [Fact]
    public void TheFirstFailureAndEverySixtiethAreTheOnesLogged()
    {
        var streak = Streak();
        var logged = new List<int>();
        for (var i = 0; i < 130; i++)
        {
            streak.Failed(Now);
            if (streak.Logged)
            {
                logged.Add(streak.Count);
            }
        }

        Assert.Equal([1, 60, 120], logged);
    }

    [Fact]
    public void TheStepThatGetsThroughEndsTheStreakAndItsWait()
    {
        var streak = Streak();
        streak.Failed(Now, (_, _) => "down");
        streak.Failed(Now, (_, _) => "down");

        Assert.Equal(2, streak.Ended());
        Assert.Equal(0, streak.Count);
        Assert.Null(streak.Reason);
        Assert.False(streak.Waiting(Now));
        Assert.Equal(0, streak.Ended());

        // A new streak starts again from the first pause.
        Assert.Equal(TimeSpan.FromSeconds(1), streak.Failed(Now));
    }
}

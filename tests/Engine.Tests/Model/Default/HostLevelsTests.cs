using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class HostLevelsTests
{
    [Fact]
    public void ALevelIsSoftenedByTheShareOfLinesAtItOrAboveAndOnlyAMoreSevereOneIsBeyondTheHistory()
    {
        // 100 lines, 10 of them without a level.
        var levels = new HostLevels(new Dictionary<string, long> { ["INFO"] = 70, ["ERROR"] = 20 }, 100);

        Assert.True(levels.TryGet("ERROR", out var error));
        Assert.Equal(0.75 * (1 - (0.5 * 0.2)), error.Severity, 9);
        Assert.Equal(0.05 * (1 - (0.5 * 0.9)), levels.Softened("INFO"), 9);
        Assert.False(levels.TryGet("FATAL", out _));
        Assert.Equal(1.0, levels.Softened("FATAL"), 9);
        Assert.True(levels.IsBeyondHistory("FATAL"));
        Assert.False(levels.IsBeyondHistory("WARN"));
        Assert.Equal("level ERROR (severity 0.8, 20% of training lines at it or above)", levels.Reason("ERROR"));
    }

    [Fact]
    public void ARoutineTemplateKeepsOfItsOwnLevelTheShareOfItsLinesBelowItButNeverLessThanTheUsualLevel()
    {
        var levels = new HostLevels(new Dictionary<string, long> { ["INFO"] = 80, ["WARN"] = 10, ["ERROR"] = 10 }, 100);
        var usual = levels.Softened("INFO");

        var allErrors = Template(rarity: 0, ("ERROR", 10));
        Assert.Equal(usual / levels.Softened("ERROR"), Kept(levels, allErrors, "ERROR"), 9);
        // A milder level than the template's own is no news either (its lines were all above it); the usual one is kept whole.
        Assert.Equal(usual / levels.Softened("WARN"), Kept(levels, allErrors, "WARN"), 9);
        Assert.Equal(1, Kept(levels, allErrors, "INFO"));

        var halfErrors = Template(rarity: 0, ("INFO", 5), ("ERROR", 5));
        Assert.Equal(0.5, Kept(levels, halfErrors, "ERROR"), 9);
        // WARN: the half at ERROR is above it.
        Assert.Equal(0.5, Kept(levels, halfErrors, "WARN"), 9);

        // A rare template keeps every level whole, and so does one that wrote none.
        Assert.All(new[] { "INFO", "WARN", "ERROR" }, level => Assert.Equal(1, Kept(levels, Template(rarity: 0.3, ("ERROR", 3)), level)));
        Assert.All(new[] { "INFO", "WARN", "ERROR" }, level => Assert.Equal(1, Kept(levels, Template(rarity: 0), level)));
    }

    [Fact]
    public void TheUsualLevelOfTwoAsCommonIsTheFirstByNameWhateverOrderTheyCameIn()
    {
        // A loaded model reads its levels in name order, a trained one in the order lines brought them: both must keep
        // the same share of a level, or a model's verdicts would move when it is saved and loaded.
        var trained = new HostLevels(new Dictionary<string, long> { ["WARN"] = 50, ["INFO"] = 50, ["ERROR"] = 1 }, 101);
        var loaded = new HostLevels(new Dictionary<string, long> { ["ERROR"] = 1, ["INFO"] = 50, ["WARN"] = 50 }, 101);
        var errors = Template(rarity: 0, ("ERROR", 4));

        Assert.Equal(Kept(loaded, errors, "ERROR"), Kept(trained, errors, "ERROR"));
        Assert.Equal(loaded.Softened("INFO") / loaded.Softened("ERROR"), Kept(loaded, errors, "ERROR"), 9);
    }

    private static double Kept(HostLevels levels, TemplateProfile template, string level) =>
        levels.TryGet(level, out var known) ? levels.KeptBy(template)[known.Index] : throw new ArgumentException(level);

    private static TemplateProfile Template(double rarity, params (string Level, int Lines)[] lines)
    {
        var template = new TemplateProfile(1, "something happened", 0) { Rarity = rarity };
        foreach (var (level, count) in lines)
        {
            for (var i = 0; i < count; i++)
            {
                template.Levels.Add(level);
            }
        }

        return template;
    }
}

using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Detection;
using Lad.Grains.Management;

namespace Lad.Integration.Tests.Security;

/// <summary>What a suppression may cover, how long it lasts, and how it is lifted.</summary>
public class FeedbackRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("<*>")]
    [InlineData("<*> <*> <*>")]
    [InlineData("<*>:<*> (<*>)")]
    [InlineData("- <*> -")]
    public void ATemplateWithoutConstantTextIsRefusedWithAReason(string template)
    {
        var e = Assert.Throws<LadRequestException>(() => SuppressionRules.RequireConstantToken(template));
        Assert.Equal($"scope: template '{template}' has no constant word, so it would silence every line of that shape; use line scope", e.Message);
    }

    [Theory]
    [InlineData("ERROR <*>")]
    [InlineData("chdir(<*>) failed")]
    [InlineData("<*> 404 <*>")]
    public void ATemplateWithAConstantTokenIsAccepted(string template) => SuppressionRules.RequireConstantToken(template);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("12h", 43200)]
    [InlineData("7d", 604800)]
    public void ExpiriesAreANumberAndAUnit(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ExpiryText.Parse(text, "--expires"));

    [Theory]
    [InlineData("7")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("1w")]
    [InlineData("1.5h")]
    public void ABadExpiryNamesItsField(string text) =>
        Assert.Equal($"--expires: '{text}' is not a duration like 90s, 30m, 12h or 7d", Assert.Throws<LadRequestException>(() => ExpiryText.Parse(text, "--expires")).Message);

    [Fact]
    public void ASuppressionActsUntilItExpiresOrIsUndone()
    {
        var host = new HostKey("c", "h");
        var line = new FeedbackRecord("1", host, "disk full on sda", "disk full on <*>", FeedbackVerdict.FalsePositive, FeedbackScope.Line, "u", Now, null, null);
        var template = line with { Id = "2", Message = "disk full on sdb", Scope = FeedbackScope.Template, ExpiresAt = Now.AddHours(1) };
        var truePositive = line with { Id = "3", Message = "kernel panic", Verdict = FeedbackVerdict.TruePositive };
        var suppressions = new Suppressions();
        suppressions.AddRange([line, template, truePositive]);

        Assert.True(suppressions.Covers("disk full on sda", "x", Now));
        Assert.True(suppressions.Covers("disk full on sdc", "disk full on <*>", Now));
        Assert.False(suppressions.Covers("disk full on sdc", "disk full on <*>", Now.AddHours(1)));
        Assert.False(suppressions.Covers("kernel panic", "kernel panic", Now));

        suppressions.Apply(line with { UndoneAt = Now, UndoneBy = "ops" });
        Assert.False(suppressions.Covers("disk full on sda", "x", Now));
        Assert.True(suppressions.Covers("disk full on sda", "disk full on <*>", Now));
    }
}

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

    [Fact]
    public void AValueSuppressionCoversThatValueAtThatParameterOfThatTemplateUntilItExpiresOrIsUndone()
    {
        var host = new HostKey("c", "h");
        const string template = "job <*> took <*>";
        var value = new FeedbackRecord("v", host, "job 7 took 987654321 ms", template, FeedbackVerdict.FalsePositive, FeedbackScope.Value, "u", Now,
            null, "c:000000000000000000000001", Now.AddDays(1), Parameter: 2, Value: "987654321 ms");
        var suppressions = new Suppressions();
        suppressions.Apply(value);

        Assert.True(suppressions.AcceptsValue(template, 2, "987654321 ms", Now));
        Assert.False(suppressions.AcceptsValue(template, 2, "123456789 ms", Now));
        Assert.False(suppressions.AcceptsValue(template, 1, "987654321 ms", Now));
        Assert.False(suppressions.AcceptsValue("task <*> took <*>", 2, "987654321 ms", Now));
        Assert.False(suppressions.AcceptsValue(template, 2, "987654321 ms", Now.AddDays(1)));
        // A value feedback suppresses no line: the line is judged without that value's evidence instead.
        Assert.False(suppressions.Covers(value.Message, template, Now));

        suppressions.Apply(value with { UndoneAt = Now, UndoneBy = "ops" });
        Assert.False(suppressions.AcceptsValue(template, 2, "987654321 ms", Now));
    }

    private static readonly HostKey Host = new("network_logs", "cumulus");
    private static readonly ValueEvidence Duration = new("job <*> took <*> state=<*>", 2, "987654321 ms", "value 987654321 ms at parameter 2 ...");
    private static readonly ValueEvidence State = new("job <*> took <*> state=<*>", 3, "melted", "value 'melted' never seen at parameter 3 ...");

    [Fact]
    public void ValueScopeTakesTheLinesOnlyUnusualValueOrTheNamedOne()
    {
        Assert.Equal(Duration, ValueFeedbackTarget.Choose([Duration], null, Host));
        Assert.Equal(Duration, ValueFeedbackTarget.Choose([Duration], 2, Host));
        Assert.Equal(State, ValueFeedbackTarget.Choose([Duration, State], 3, Host));
    }

    [Fact]
    public void ValueScopeIsRefusedWithAReasonWhenNothingOrNotOneValueIsNamed()
    {
        string Refused(IReadOnlyList<ValueEvidence>? evidence, int? parameter) =>
            Assert.Throws<LadRequestException>(() => ValueFeedbackTarget.Choose(evidence, parameter, Host)).Message;

        Assert.Equal(
            "parameter: the line has unusual values at several parameters ('987654321 ms' at parameter 2, 'melted' at parameter 3); name the one that is normal",
            Refused([Duration, State], null));
        Assert.Equal(
            "scope: the line has no unusual value at a template parameter on host network_logs/cumulus's current model, so value scope has nothing to cover; use line or template scope",
            Refused([], null));
        Assert.Equal("parameter: the line has no unusual value at parameter 1; it has '987654321 ms' at parameter 2", Refused([Duration], 1));
        Assert.Equal("scope: host network_logs/cumulus has no model yet, so the line's values cannot be judged; use line scope", Refused(null, null));
        Assert.StartsWith("parameter: parameter 2 holds several unusual values", Refused([Duration, Duration with { Value = "502" }], 2), StringComparison.Ordinal);
        Assert.StartsWith("parameter: must be 1 or more", Refused([Duration], 0), StringComparison.Ordinal);
    }

    [Fact]
    public void ValueScopeIsForFalsePositivesAndAParameterOnlyForValueScope()
    {
        var request = new FeedbackRequest("c:1", null, null, null, FeedbackVerdict.TruePositive, FeedbackScope.Value, "u", null);
        Assert.Equal("scope: value scope says a value is normal, so it is for false positives only",
            Assert.Throws<LadRequestException>(() => SuppressionRules.RequireValueScopeUse(request)).Message);
        Assert.Equal("parameter: names the parameter of value scope, not of line scope",
            Assert.Throws<LadRequestException>(() => SuppressionRules.RequireValueScopeUse(
                request with { Verdict = FeedbackVerdict.FalsePositive, Scope = FeedbackScope.Line, Parameter = 2 })).Message);
        SuppressionRules.RequireValueScopeUse(request with { Verdict = FeedbackVerdict.FalsePositive, Parameter = 2 });
    }
}

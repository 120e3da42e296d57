using Lad.Engine.Model.Default;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A line of a new template that is much like a training template: how much that likeness says it is normal depends
/// on what the template was in the history (routine, or a rare one that looks like trouble and may be an incident).
/// </summary>
public class NewTemplateLikenessTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    /// <summary>
    /// 1,000 lines: routine sessions and cache retries (a WARN with an error word that is this host's routine), and
    /// three lines each of a disk controller error and of a nightly backup, both rare.
    /// </summary>
    private static HostProfile Profile()
    {
        var history = new List<LogRecord>();
        for (var i = 0; i < 994; i++)
        {
            history.Add(i % 5 == 4
                ? new LogRecord($"connection to cache node {i % 7} timed out, retrying", "WARN", "h")
                : new LogRecord($"session opened for user {Users[i % Users.Length]} by sshd uid {1000 + (i % 9)}", "INFO", "h"));
            if (i % 331 == 100)
            {
                history.Add(new LogRecord($"disk controller reset on channel {i % 4} after read error", "ERROR", "h"));
                history.Add(new LogRecord("nightly backup of volume data finished", "INFO", "h"));
            }
        }

        Assert.Equal(1000, history.Count);
        return HostProfile.Fit(history, TestContext.Current.CancellationToken);
    }

    private static Evidence DistanceOf(LineAssessment assessment)
    {
        Assert.Contains(assessment.Evidence, e => e.Kind == EvidenceKind.NewTemplate);
        return Assert.Single(assessment.Evidence, e => e.Kind == EvidenceKind.SemanticDistance);
    }

    [Fact]
    public void AVariantOfARareErrorIsNotMadeNormalByItsLikeness()
    {
        var profile = Profile();

        var variant = profile.Assess(new LogRecord("disk controller reset on channel 3 after read error now", "ERROR", "h"));

        var distance = DistanceOf(variant);
        // Its words are 0.08 from the rare error's (cosine 0.92), but that likeness counts for less.
        Assert.Contains("(TF-IDF cosine 0.92, counting 0.", distance.Reason, StringComparison.Ordinal);
        Assert.Contains("that template is rare, 3 of 1000 training lines, and has the error word 'error', so it may be an incident the history holds",
            distance.Reason, StringComparison.Ordinal);
        Assert.True(distance.Value >= 0.3, $"distance {distance.Value:0.000}: {distance.Reason}");
    }

    [Fact]
    public void AVariantOfARareBenignLineStaysCloseToIt()
    {
        var profile = Profile();

        var variant = profile.Assess(new LogRecord("nightly backup of volume data finished now", "INFO", "h"));

        var distance = DistanceOf(variant);
        Assert.True(distance.Value < 0.25, $"distance {distance.Value:0.000}: {distance.Reason}");
    }

    [Fact]
    public void AVariantOfARoutineErrorStaysCloseToIt()
    {
        var profile = Profile();

        var variant = profile.Assess(new LogRecord("connection to cache node 4 timed out, retrying now", "WARN", "h"));

        var distance = DistanceOf(variant);
        // The distance is the plain TF-IDF one: a routine template's likeness counts in full, error word and all.
        Assert.DoesNotContain("counting", distance.Reason, StringComparison.Ordinal);
        Assert.Contains("from the nearest normal template", distance.Reason, StringComparison.Ordinal);
        Assert.True(distance.Value < 0.4, $"distance {distance.Value:0.000}: {distance.Reason}");
    }

    [Fact]
    public void TheRareErrorsVariantScoresAboveTheRareBenignLinesVariant()
    {
        var profile = Profile();

        // Both new, both as near their rare template; only what that template was differs.
        var error = profile.Assess(new LogRecord("disk controller reset on channel 3 after read error now", "INFO", "h"));
        var benign = profile.Assess(new LogRecord("nightly backup of volume data finished now", "INFO", "h"));

        Assert.True(DistanceOf(error).Value > DistanceOf(benign).Value + 0.2,
            $"error variant {DistanceOf(error).Value:0.000}, benign variant {DistanceOf(benign).Value:0.000}");
    }
}

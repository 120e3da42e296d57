using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Source;
using Lad.Engine.Volume;

namespace Lad.Engine.Tests.Evaluation;

public class VolumeEvaluationTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ALabelledBurstExplainsItsSurgeAndAnUnlabelledSilenceCountsAgainstTheDay()
    {
        var train = Minutes(Start, 24 * 60, _ => "heartbeat ok");
        var test = Minutes(Start.AddDays(1), 120, _ => "heartbeat ok");
        // A labelled burst at 02:00, half an hour of normal lines, three quiet hours nothing labels, normal lines again.
        var burstAt = Start.AddDays(1).AddHours(2);
        test.AddRange(Enumerable.Range(0, 40).Select(i => Line(burstAt.AddSeconds(i), "heartbeat ok", anomalous: true)));
        test.AddRange(Minutes(burstAt.AddMinutes(1), 30, _ => "heartbeat ok"));
        test.AddRange(Minutes(burstAt.AddHours(3), 60, _ => "heartbeat ok"));

        var report = VolumeEvaluation.Run(train, test, l => l.IsAnomaly == true, new VolumeOptions(TimeSpan.FromMinutes(5)))!;

        Assert.Equal((2, 1), (report.Findings, report.Unexplained));
        Assert.Equal(TimeSpan.FromHours(6).Subtract(TimeSpan.FromMinutes(1)), report.TestSpan);
        Assert.Equal(1 / report.TestSpan.TotalDays, report.UnexplainedPerDay, 6);
    }

    [Fact]
    public void LinesWithoutTimesGiveNoReport()
    {
        var untimed = new List<LabelledLine> { new(new LogRecord("x"), 1, false, "x") };

        Assert.Null(VolumeEvaluation.Run(untimed, untimed, _ => false, VolumeOptions.Default));
    }

    private static List<LabelledLine> Minutes(DateTime from, int count, Func<int, string> message) =>
        Enumerable.Range(0, count).Select(i => Line(from.AddMinutes(i), message(i), anomalous: false)).ToList();

    private static LabelledLine Line(DateTime time, string message, bool anomalous) =>
        new(new LogRecord(message), 0, anomalous, message, time);
}

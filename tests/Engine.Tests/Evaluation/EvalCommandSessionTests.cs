using System.Text;
using Lad.Client.Commands;
using Lad.Engine.Model;
using Lad.Engine.Model.Som;
using Lad.Engine.Tests.Model.Som;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Evaluation;

public class EvalCommandSessionTests
{
    [Fact]
    public void Session_mode_with_a_custom_regex_flags_the_sessions_holding_anomalies()
    {
        var random = new Random(9);
        var log = new StringBuilder();
        var labels = new StringBuilder("Key,Label\n");
        var history = SyntheticLogs.History(1, 1200);
        for (var i = 0; i < history.Length; i++)
        {
            log.Append($"[{history[i].Level}] job_{i / 4}: {history[i].Message}\n");
        }

        labels.Append(string.Join("", Enumerable.Range(0, 300).Select(s => $"job_{s},Normal\n")));
        for (var s = 300; s < 400; s++)
        {
            var anomalous = s % 10 == 0;
            labels.Append($"job_{s},{(anomalous ? "Anomaly" : "Normal")}\n");
            for (var k = 0; k < 4; k++)
            {
                var record = anomalous && k == 2 ? SyntheticLogs.Anomaly(random) : SyntheticLogs.Normal(random);
                log.Append($"[{record.Level}] job_{s}: {record.Message}\n");
            }
        }

        log.Append("  a continuation line the regex skips\n");
        using var logFile = TempFile.WithText(log.ToString());
        using var labelsFile = TempFile.WithText(labels.ToString(), ".csv");
        var options = new DetectorOptions { ModelKind = "som", Som = new SomOptions { SompyNodeMap = 8, W2vIter = 20, SompyTrainRoughLen = 20 } };
        var request = new EvalRequest(logFile.Path, "plain", @"^\[(?<level>\w+)\] job_\d+: (?<message>.*)$", labelsFile.Path, @"job_\d+", null, 0.75, options);

        var (code, output, _) = EvalRun.Execute(request);
        Assert.Equal(0, code);
        Assert.Equal("precision 1.000 recall 1.000 f1 1.000 auc 1.000 oracle-f1 1.000", EvalRun.LastLine(output));
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Lad.Client.Commands;
using Lad.Engine.Model;
using Lad.Engine.Model.Som;
using Lad.Engine.Tests.Model.Som;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Evaluation;

public class EvalCommandRunTests
{
    [Fact]
    public void Evaluates_a_labelled_bgl_file_and_ends_with_the_metrics_line()
    {
        var text = new StringBuilder();
        var history = SyntheticLogs.History(1, 1000);
        foreach (var record in history)
        {
            text.Append(BglLine("-", record)).Append("\r\n");
        }

        foreach (var (record, isAnomaly) in SyntheticLogs.Test(2, 500, 20))
        {
            text.Append(BglLine(isAnomaly ? "KERNPAN" : "-", record)).Append("\r\n");
        }

        using var file = TempFile.Gzipped(text.ToString());
        var options = new DetectorOptions { ModelKind = "som", Som = new SomOptions { SompyNodeMap = 8, W2vIter = 20, SompyTrainRoughLen = 20 } };
        var (code, output, _) = EvalRun.Execute(new EvalRequest(file.Path, "bgl", null, null, null, null, 1000.0 / 1520, options));
        Assert.Equal(0, code);
        var last = EvalRun.LastLine(output);
        var match = Regex.Match(last, @"^precision (\d\.\d{3}) recall (\d\.\d{3}) f1 (\d\.\d{3}) auc (\d\.\d{3}) oracle-f1 (\d\.\d{3})$");
        Assert.True(match.Success, last);
        Assert.Equal("1.000", match.Groups[2].Value);
    }

    private static string BglLine(string label, Lad.Engine.Source.LogRecord record) =>
        $"{label} 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL {record.Level} {record.Message}";
}

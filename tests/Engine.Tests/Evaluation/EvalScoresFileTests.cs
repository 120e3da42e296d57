using System.Globalization;
using System.Text;
using Lad.Client.Commands;
using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Tests.Model.Som;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Evaluation;

public class EvalScoresFileTests
{
    [Fact]
    public void Writes_one_row_per_scored_line_with_key_score_margin_verdict_label_and_reasons()
    {
        var text = new StringBuilder();
        foreach (var record in SyntheticLogs.History(1, 600))
        {
            text.Append($"- 1117838570 2005.06.03 N1 2005-06-03-15.42.50.675872 N1 RAS KERNEL {record.Level} {record.Message}\n");
        }

        var test = SyntheticLogs.Test(2, 300, 10);
        foreach (var (record, isAnomaly) in test)
        {
            text.Append($"{(isAnomaly ? "KERNPAN" : "-")} 1117838570 2005.06.03 N1 2005-06-03-15.42.50.675872 N1 RAS KERNEL {record.Level} {record.Message}\n");
        }

        using var file = TempFile.WithText(text.ToString());
        using var scores = TempFile.WithText(string.Empty, ".tsv");
        var request = new EvalRequest(file.Path, "bgl", null, null, null, null, 600.0 / (600 + test.Length),
            new DetectorOptions { ModelKind = "novelty" }, scores.Path);

        var (code, output, _) = EvalRun.Execute(request);

        Assert.Equal(0, code);
        Assert.Equal("precision 1.000 recall 1.000 f1 1.000 auc 1.000 oracle-f1 1.000", EvalRun.LastLine(output));
        var rows = File.ReadAllLines(scores.Path);
        Assert.Equal(ScoresFile.Header, rows[0]);
        Assert.Equal(test.Length, rows.Length - 1);
        var cells = rows.Skip(1).Select(r => r.Split('\t')).ToList();
        Assert.Equal(("601", "0.000000", "normal", "normal", ""), (cells[0][0], cells[0][1], cells[0][3], cells[0][4], cells[0][5]));
        var anomaly = cells.First(r => r[4] == "anomaly");
        Assert.Equal(("1.000000", "anomaly", "template never seen in 600 training lines"), (anomaly[1], anomaly[3], anomaly[5]));

        // The margin decides the verdict: above 0 exactly where the row says anomaly.
        Assert.All(cells, r => Assert.Equal(r[3] == "anomaly", double.Parse(r[2], CultureInfo.InvariantCulture) > 0));
        Assert.Contains(cells, r => r[3] == "normal" && double.Parse(r[2], CultureInfo.InvariantCulture) < 0);
    }

    [Fact]
    public void Tabs_and_line_breaks_in_reasons_stay_within_their_row()
    {
        using var writer = new StringWriter();

        ScoresFile.Write(writer, [new ScoredItem("blk_1", 0.25, true, false, ["value 'a\tb' never seen", "two\nlines"], 0.05)]);

        Assert.Equal(
            $"{ScoresFile.Header}{Environment.NewLine}blk_1\t0.250000\t0.050000\tanomaly\tnormal\tvalue 'a b' never seen | two lines{Environment.NewLine}",
            writer.ToString());
    }
}

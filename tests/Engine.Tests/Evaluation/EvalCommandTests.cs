using Lad.Client.Commands;
using Lad.Engine.Model;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Evaluation;

public class EvalCommandTests
{
    private static (int Code, string Error) Run(EvalRequest request)
    {
        var (code, _, error) = EvalRun.Execute(request);
        return (code, error);
    }

    private static EvalRequest Request(string path, string model = "som", string? labels = null, string? sessionRegex = null) =>
        new(path, "plain", null, labels, sessionRegex, null, 0.5, new DetectorOptions { ModelKind = model });

    [Fact]
    public void Missing_file_is_reported_by_name()
    {
        var (code, error) = Run(Request("/no/such/input.log"));
        Assert.Equal(1, code);
        Assert.Contains("/no/such/input.log", error);
    }

    [Fact]
    public void Unknown_model_kind_is_reported()
    {
        using var file = TempFile.WithText("a\nb\n");
        var (code, error) = Run(Request(file.Path, model: "forest"));
        Assert.Equal(1, code);
        Assert.Contains("model kind 'forest' is unknown", error);
    }

    [Fact]
    public void Labels_without_session_regex_is_reported()
    {
        using var file = TempFile.WithText("a\nb\n");
        var (code, error) = Run(Request(file.Path, labels: file.Path));
        Assert.Equal(1, code);
        Assert.Contains("--labels and --session-regex go together", error);
    }
}

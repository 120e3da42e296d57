namespace Lad.Grains.Abstractions.Feedback;

/// <summary>The names of feedback scopes in requests, stored documents and output: <c>line</c>, <c>template</c>, <c>value</c>.</summary>
public static class FeedbackScopeText
{
    /// <summary>The name of <paramref name="scope"/>.</summary>
    public static string Name(FeedbackScope scope) => scope switch
    {
        FeedbackScope.Line => "line",
        FeedbackScope.Template => "template",
        FeedbackScope.Value => "value",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown feedback scope"),
    };

    /// <summary>The scope <paramref name="text"/> names.</summary>
    /// <param name="text">The text given.</param>
    /// <param name="field">The option or field it came from, named in the error.</param>
    /// <exception cref="LadRequestException">Not a scope name.</exception>
    public static FeedbackScope Parse(string text, string field) => text switch
    {
        "line" => FeedbackScope.Line,
        "template" => FeedbackScope.Template,
        "value" => FeedbackScope.Value,
        _ => throw new LadRequestException($"{field}: '{text}' is not one of line, template, value"),
    };
}

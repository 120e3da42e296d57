using Lad.Engine.Source;

namespace Lad.Engine.Tests.Source;

public class SessionKeyPatternTests
{
    [Fact]
    public void TheFirstMatchIsTheKey()
    {
        Assert.True(SessionKeyPattern.TryCreate(@"blk_-?\d+", out var pattern, out _));

        Assert.Equal("blk_-42", pattern!.KeyOf("Receiving block blk_-42 src: /10.0.0.1 dest: blk_7"));
        Assert.Null(pattern.KeyOf("PacketResponder 1 terminating"));
    }

    [Fact]
    public void AssignSetsTheSessionOnlyWhereThereIsAKey()
    {
        Assert.True(SessionKeyPattern.TryCreate(@"req-\d+", out var pattern, out _));
        var keyed = pattern!.Assign(new LogRecord("req-7 accepted", "INFO", "api-1"));
        var unkeyed = pattern.Assign(new LogRecord("cache warmed", "INFO", "api-1"));

        Assert.Equal(new LogRecord("req-7 accepted", "INFO", "api-1", "req-7"), keyed);
        Assert.Null(unkeyed.Session);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(@"blk_(\d+", "not a valid regular expression")]
    [InlineData(@"x*", "matches an empty string")]
    public void UnusablePatternsAreRefusedWithAReason(string text, string problem)
    {
        Assert.False(SessionKeyPattern.TryCreate(text, out var pattern, out var reason));

        Assert.Null(pattern);
        Assert.Contains(problem, reason);
    }
}

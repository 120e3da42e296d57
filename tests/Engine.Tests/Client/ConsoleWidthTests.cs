using Lad.Client;

namespace Lad.Engine.Tests.Client;

public class ConsoleWidthTests
{
    [Theory]
    [InlineData("132", false, 132)]
    [InlineData("132", true, 132)]
    [InlineData(null, true, ConsoleWidth.Piped)]
    [InlineData("", true, ConsoleWidth.Piped)]
    [InlineData("wide", true, ConsoleWidth.Piped)]
    [InlineData("5", true, ConsoleWidth.Piped)]
    public void ColumnsWinsElseAPipeGetsRowsThatNeverWrap(string? columns, bool redirected, int width) =>
        Assert.Equal(width, ConsoleWidth.For(columns, redirected));

    [Theory]
    [InlineData(null)]
    [InlineData("-80")]
    public void ATerminalWithoutAUsableColumnsKeepsItsOwnWidth(string? columns) =>
        Assert.Null(ConsoleWidth.For(columns, outputRedirected: false));
}

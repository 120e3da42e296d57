using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class WordExtractorTests
{
    [Theory]
    [InlineData("instance 3fa85f64-acbe-4562-adfe-2c963f66afa6 attached", new[] { "instance", "attached" })]
    [InlineData("peer acbe-4562 joined", new[] { "peer", "joined" })]
    [InlineData("request 917e7eda-dfdb completed", new[] { "request", "completed" })]
    [InlineData("mac 00:1b:44:11:3a:bc up", new[] { "mac", "up" })]
    [InlineData("vm-acbe-12f3 started", new[] { "vm", "started" })]
    public void PiecesOfHexIdentifiersAreNotWords(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(line));

    [Theory]
    [InlineData("bad block added to a dead disk in the cafe, faced a decade", new[] { "bad", "block", "added", "to", "dead", "disk", "in", "the", "cafe", "faced", "decade" })]
    [InlineData("state dead-beef at step 3", new[] { "state", "dead", "beef", "at", "step" })]
    [InlineData("error: bad:1 fd", new[] { "error", "bad", "fd" })]
    [InlineData("[Mon Dec 05 19:14:11 2005] [error] mod_jk child", new[] { "error", "mod", "jk", "child" })]
    public void WordsOfTheLettersAToFStayWordsOutsideIdentifiersAndDatesAreNotWords(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(line));

    [Theory]
    [InlineData("Größe überschritten: Datei_7 zu groß", new[] { "größe", "überschritten", "datei", "zu", "groß" })]
    [InlineData("заказ №١٢٣ отклонён", new[] { "заказ", "отклонён" })]
    [InlineData("job\u00a0done\tat node-07 (x9)", new[] { "job", "done", "at", "node" })]
    public void LettersAndDigitsBeyondAsciiCountAsUnicodeSaysAndTheRestSeparates(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(System.Text.RegularExpressions.Regex.Unescape(line)));
}

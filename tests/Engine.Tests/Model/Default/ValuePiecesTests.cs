using Lad.Engine.Model.Default.Values;

namespace Lad.Engine.Tests.Model.Default;

public class ValuePiecesTests
{
    [Theory]
    [InlineData("502 157", new[] { "502", "157" })]
    [InlineData("1190 bytes (1.16 KB)", new[] { "1190 bytes", "1.16 KB" })]
    [InlineData("987654321 ms", new[] { "987654321 ms" })]
    [InlineData("an14 an15 an16", new[] { "an14", "an15", "an16" })]
    [InlineData("sshd[31678", new[] { "sshd", "31678" })]
    [InlineData("Fri Jun 17 07:07:00 2005", new string[0])]
    [InlineData("2005-06-03", new string[0])]
    [InlineData("081109 203615 148", new string[0])]
    public void ParameterSplitsIntoItsValuesAndATimestampHasNone(string parameter, string[] expected) =>
        Assert.Equal(expected, ValuePieces.Split(parameter));

    [Theory]
    [InlineData("502 157")]
    [InlineData("1190 bytes (1.16 KB)")]
    [InlineData("987654321 ms")]
    [InlineData("an14 an15 an16")]
    [InlineData("sshd[31678")]
    [InlineData("Fri Jun 17 07:07:00 2005")]
    [InlineData("081109 203615 148")]
    [InlineData("  [12]  (7) ")]
    [InlineData("x")]
    public void PiecesFoundInPlaceAreThoseOfTheSplit(string parameter)
    {
        var pieces = new Range[ValuePieces.MaximumPieces];

        Assert.True(ValuePieces.TrySplit(parameter, pieces, out var count));

        Assert.Equal(ValuePieces.Split(parameter), pieces[..count].Select(r => parameter[r]).ToArray());
    }

    [Theory]
    [InlineData("157\tms")]
    [InlineData("1190  bytes")]
    [InlineData("1.16 (KB)")]
    [InlineData("a b c d e f g 5 ms")]
    public void APieceTheSplitWritesOtherwiseThanTheParameterIsNotFoundInPlace(string parameter)
    {
        Assert.False(ValuePieces.TrySplit(parameter, new Range[ValuePieces.MaximumPieces], out _));
        Assert.Contains(ValuePieces.Split(parameter), p => !parameter.Contains(p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("42", 42.0, "")]
    [InlineData("-3.5", -3.5, "")]
    [InlineData("1,234,567", 1234567.0, "")]
    [InlineData("3,5", 3.5, "")]
    [InlineData("1,234", 1234.0, "")]
    [InlineData("987654321 ms", 987654321.0, "ms")]
    [InlineData("45%", 45.0, "%")]
    [InlineData("5.2KB", 5.2, "KB")]
    public void NumbersAreReadWithTheirUnit(string piece, double value, string unit)
    {
        Assert.True(NumericValue.TryParse(piece, out var number, out var written));
        Assert.Equal(value, number, 9);
        Assert.Equal(unit, written);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+17")]
    [InlineData("000123")]
    [InlineData("-3525930")]
    [InlineData("999999999999999")]
    [InlineData("9999999999999999")]
    [InlineData("12345678901234567890")]
    public void IntegersReadExactlyAsTheGeneralParserReadsThem(string piece)
    {
        // Plain integers are read digit by digit; up to 15 digits that must be the parser's exact double, sign of zero included.
        Assert.True(NumericValue.TryParse(piece, out var number, out var unit));
        var expected = double.Parse(piece, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(number));
        Assert.Equal(string.Empty, unit);
    }

    [Theory]
    [InlineData("0x1f")]
    [InlineData("3fa85f64")]
    [InlineData("10.0.0.1")]
    [InlineData("blk_-1234")]
    [InlineData("an14")]
    [InlineData("07:07:00")]
    [InlineData("healthy")]
    [InlineData("1,23,4")]
    public void HexIdsAddressesAndNamesAreNotNumbers(string piece) =>
        Assert.False(NumericValue.TryParse(piece, out _, out _));
}

using Lad.Engine.Evaluation.Parsing;

namespace Lad.Engine.Tests.Evaluation;

public class CsvTableTests
{
    private static CsvTable Read(string text) => CsvTable.Read(new StringReader(text), "t.csv");

    [Fact]
    public void Reads_quoted_fields_with_commas_doubled_quotes_and_line_breaks()
    {
        var table = Read("Id,Content\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n");

        var content = table.Column("Content");
        Assert.Equal(["a, b", "say \"hi\"", "two\nlines", "plain"], table.Rows.Select(r => r[content]));
        Assert.Equal([2, 3, 4, 6], table.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Reads_empty_fields_and_a_last_line_without_newline()
    {
        var table = Read("a,b,c\n,,\nx,\"\",z");

        Assert.Equal(["", "", ""], table.Rows[0].Fields);
        Assert.Equal(["x", "", "z"], table.Rows[1].Fields);
    }

    [Fact]
    public void A_missing_column_names_the_file_and_the_columns()
    {
        var error = Assert.Throws<FormatException>(() => Read("Id,Content\n1,x\n").Column("EventTemplate"));

        Assert.Contains("t.csv", error.Message);
        Assert.Contains("EventTemplate", error.Message);
        Assert.Contains("Id, Content", error.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_field_count_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => Read("a,b\n1,2\n3,4,5\n"));

        Assert.Contains("t.csv:3", error.Message);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_it_starts_on()
    {
        var error = Assert.Throws<FormatException>(() => Read("a,b\n1,\"open\n2,3\n"));

        Assert.Contains("t.csv:2", error.Message);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void A_stray_quote_inside_a_field_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => Read("a,b\n1,ab\"c\n"));

        Assert.Contains("t.csv:2", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error() =>
        Assert.Contains("empty", Assert.Throws<FormatException>(() => Read("")).Message);
}

using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Source;

public class LineFormatTests
{
    private const string BglNormal =
        "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected";

    private const string BglAlert =
        "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt";

    [Fact]
    public void Bgl_takes_label_level_and_message_after_ninth_field()
    {
        var normal = new BglLineFormat().Parse(BglNormal, out _)!.Value;
        Assert.Equal("instruction cache parity error corrected", normal.Message);
        Assert.Equal("INFO", normal.Level);
        Assert.False(normal.IsAnomaly);

        var alert = new BglLineFormat().Parse(BglAlert, out _)!.Value;
        Assert.True(alert.IsAnomaly);
        Assert.Equal("FATAL", alert.Level);
        Assert.Equal("data TLB error interrupt", alert.Message);
        Assert.Equal(new DateTime(2005, 6, 3, 22, 42, 50, DateTimeKind.Utc), normal.Time);
    }

    [Fact]
    public void Bgl_line_without_content_has_empty_message()
    {
        var parsed = new BglLineFormat().Parse("- 1 2005.06.03 node time node RAS KERNEL INFO", out _)!.Value;
        Assert.Equal(string.Empty, parsed.Message);
        Assert.Equal("INFO", parsed.Level);
    }

    [Theory]
    [InlineData("081109 203530 147 INFO dfs.DataNode$DataXceiver: Receiving block blk_1 src: /10.0.0.1:1 dest: /10.0.0.1:2", "label '081109'")]
    [InlineData("- 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO x", "timestamp '2005.06.03'")]
    public void Bgl_rejects_lines_of_other_formats(string line, string problem)
    {
        Assert.Null(new BglLineFormat().Parse(line, out var error));
        Assert.Contains(problem, error);
    }

    [Fact]
    public void Hdfs_takes_level_and_content_after_component()
    {
        var parsed = new HdfsLineFormat().Parse(
            "081109 203530 147 INFO dfs.DataNode$DataXceiver: Receiving block blk_-43 src: /10.250.18.114:43996", out _)!.Value;
        Assert.Equal("INFO", parsed.Level);
        Assert.Equal("Receiving block blk_-43 src: /10.250.18.114:43996", parsed.Message);
        Assert.Null(parsed.IsAnomaly);
        Assert.Equal(new DateTime(2008, 11, 9, 20, 35, 30, DateTimeKind.Utc), parsed.Time);
    }

    [Theory]
    [InlineData("081109 203530 147 INFO")]
    [InlineData("081109 203530 147 INFO dfs.DataNode no colon here")]
    public void Hdfs_line_without_component_and_content_is_rejected(string line)
    {
        using var file = TempFile.Gzipped("081109 203530 147 INFO dfs.DataNode$DataXceiver: Receiving block blk_1\n" + line + "\n");
        var e = Assert.Throws<LogInputFormatException>(() => LogFile.Read(file.Path, new HdfsLineFormat()));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("not a hdfs line", e.Message);
    }

    [Fact]
    public void Regex_format_uses_named_groups_and_rejects_patterns_without_message()
    {
        var format = new RegexLineFormat(@"^\[(?<level>\w+)\] (?<message>.*)$");
        var parsed = format.Parse("[WARN] disk almost full", out _)!.Value;
        Assert.Equal("WARN", parsed.Level);
        Assert.Equal("disk almost full", parsed.Message);
        Assert.Null(format.Parse("continuation line", out var error));
        Assert.Contains("--message-regex", error);

        var noGroup = Assert.Throws<ArgumentException>(() => new RegexLineFormat(@"^(?<msg>.*)$"));
        Assert.Contains("'message'", noGroup.Message);
        var invalid = Assert.Throws<ArgumentException>(() => new RegexLineFormat("(unclosed"));
        Assert.Contains("--message-regex", invalid.Message);
    }

    [Fact]
    public void Unknown_format_name_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => LineFormats.Create("syslog"));
        Assert.Contains("--format 'syslog'", e.Message);
    }

    [Fact]
    public void Reads_gzip_and_crlf_transparently()
    {
        var text = BglNormal + "\r\n" + BglAlert + "\r\n";
        using var plain = TempFile.WithText(text);
        using var gz = TempFile.Gzipped(text);
        foreach (var path in new[] { plain.Path, gz.Path })
        {
            var file = LogFile.Read(path, new BglLineFormat());
            Assert.Equal(2, file.Lines.Count);
            Assert.Equal("instruction cache parity error corrected", file.Lines[0].Record.Message);
            Assert.Equal("data TLB error interrupt", file.Lines[1].Record.Message);
            Assert.DoesNotContain('\r', file.Lines[1].RawLine);
            Assert.Equal([false, true], file.Lines.Select(l => l.IsAnomaly!.Value));
        }
    }

    [Fact]
    public void Strict_format_names_file_and_line_of_a_bad_line()
    {
        using var file = TempFile.WithText(BglNormal + "\n\ngarbage line\n");
        var e = Assert.Throws<LogInputFormatException>(() => LogFile.Read(file.Path, new BglLineFormat()));
        Assert.Equal(3, e.LineNumber);
        Assert.Contains($"{file.Path}, line 3", e.Message);
        Assert.Contains("not a bgl line", e.Message);
    }

    [Fact]
    public void Regex_format_counts_lines_it_skips_and_blank_lines()
    {
        using var file = TempFile.WithText("[INFO] a\n  at Foo.Bar()\n\n[ERROR] b\n");
        var read = LogFile.Read(file.Path, new RegexLineFormat(@"^\[(?<level>\w+)\] (?<message>.*)$"));
        Assert.Equal(2, read.Lines.Count);
        Assert.Equal(1, read.UnparsedLines);
        Assert.Equal(1, read.BlankLines);
        Assert.Equal(4, read.Lines[1].LineNumber);
    }

    [Fact]
    public void Corrupt_gzip_is_named_with_its_line()
    {
        using var file = TempFile.WithText(string.Empty, ".gz");
        File.WriteAllBytes(file.Path, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11]);
        var e = Assert.Throws<LogInputFormatException>(() => LogFile.Read(file.Path, new PlainLineFormat()));
        Assert.Contains("gzip data is corrupt", e.Message);
        Assert.Contains(file.Path, e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => LogFile.Read("/no/such/file.log", new PlainLineFormat()));
        Assert.Contains("/no/such/file.log", e.Message);
    }
}

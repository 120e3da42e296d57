using System.Buffers.Binary;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Parse;

public class MinerPersistenceTests
{
    private static (TemplateMiner Miner, List<string> Lines) Trained()
    {
        var lines = SyntheticLines.Generate(5, 2000);
        lines.AddRange(["disk sda failed now", "disk sdb failed now", "disk sdc failed now"]);
        var miner = new TemplateMiner(new MinerOptions { MaxTemplates = 500 });
        foreach (var line in lines)
        {
            miner.Learn(line);
        }

        return (miner, lines);
    }

    private static byte[] Saved(TemplateMiner miner)
    {
        using var stream = new MemoryStream();
        miner.Save(stream);
        return stream.ToArray();
    }

    private static TemplateMiner Load(byte[] bytes) => TemplateMiner.Load(new MemoryStream(bytes));

    [Fact]
    public void Round_trip_keeps_templates_ids_counts_and_match_results()
    {
        var (miner, lines) = Trained();
        var loaded = Load(Saved(miner));

        Assert.Equal(miner.TemplateCount, loaded.TemplateCount);
        foreach (var template in miner.Templates)
        {
            var copy = loaded.GetTemplate(template.Id)!;
            Assert.Equal(template.Text, copy.Text);
            Assert.Equal(template.Count, copy.Count);
            Assert.Equal(template.Tokens, copy.Tokens);
        }

        var probes = lines.Concat(SyntheticLines.Generate(99, 500)).Append("disk sdq failed now").Append("never seen before");
        foreach (var line in probes)
        {
            Assert.Equal(miner.Match(line), loaded.Match(line));
        }

        Assert.Equal(miner.Options, loaded.Options with { Masking = miner.Options.Masking });
        Assert.Equal(miner.Options.Masking, loaded.Options.Masking with { ExtraPatterns = miner.Options.Masking.ExtraPatterns });
    }

    [Fact]
    public void Merged_ids_still_resolve_and_new_ids_continue_after_load()
    {
        var (miner, _) = Trained();
        var loaded = Load(Saved(miner));

        var aliasIds = Enumerable.Range(1, miner.NextId - 1).Where(id => miner.GetTemplate(id) is { } t && t.Id != id).ToList();
        Assert.NotEmpty(aliasIds);
        foreach (var id in aliasIds)
        {
            Assert.Equal(miner.GetTemplate(id)!.Id, loaded.GetTemplate(id)!.Id);
        }

        Assert.Equal(miner.Learn("brand new event shape here").Id, loaded.Learn("brand new event shape here").Id);
    }

    [Fact]
    public void A_corrupt_payload_fails_its_checksum()
    {
        var bytes = Saved(Trained().Miner);
        bytes[^10] ^= 0x5A;

        var error = Assert.Throws<ModelFormatException>(() => Load(bytes));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_reported()
    {
        var bytes = Saved(Trained().Miner);

        var error = Assert.Throws<ModelFormatException>(() => Load(bytes[..(bytes.Length / 2)]));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_future_container_version_is_reported()
    {
        var bytes = Saved(Trained().Miner);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), ModelFile.FormatVersion + 1);

        var error = Assert.Throws<ModelFormatException>(() => Load(bytes));
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void A_future_miner_payload_version_is_reported()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "miner", writer => writer.Write(2));

        var error = Assert.Throws<ModelFormatException>(() => Load(stream.ToArray()));
        Assert.Contains("payload version 2", error.Message);
    }

    [Fact]
    public void Another_kind_of_model_is_refused()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "som", writer => writer.Write(1));

        var error = Assert.Throws<ModelFormatException>(() => Load(stream.ToArray()));
        Assert.Contains("not a 'miner'", error.Message);
    }

    [Fact]
    public void A_payload_with_a_bad_template_id_is_refused()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "miner", writer =>
        {
            writer.Write(1);
            writer.Write(0.5);
            writer.Write(4);
            writer.Write(100);
            writer.Write(10);
            writer.Write(3);
            for (var i = 0; i < 11; i++)
            {
                writer.Write(true);
            }

            writer.Write(0);
            writer.Write(2);
            writer.Write(1);
            writer.Write(7);
            writer.Write(1L);
            writer.Write(1);
            writer.Write("x");
            writer.Write("");
            writer.Write("");
        });

        var error = Assert.Throws<ModelFormatException>(() => Load(stream.ToArray()));
        Assert.Contains("template id 7", error.Message);
    }
}

using Lad.Engine.Parse;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Persistence;

/// <summary>A loaded model holds one instance of each string its file repeats, or that it builds again from the file.</summary>
public class ModelReaderSharingTests
{
    [Fact]
    public void AReaderGivesOneInstanceOfEachStringItReadsAgain()
    {
        using var file = new MemoryStream();
        var writer = new ModelWriter(file);
        writer.Write("<*>");
        writer.Write("INFO");
        writer.Write("<*>");
        writer.Flush();
        file.Position = 0;
        var reader = new ModelReader(file);

        var first = reader.ReadString("token");
        reader.ReadString("level");
        var again = reader.ReadString("token");

        Assert.Equal("<*>", again);
        Assert.Same(first, again);
    }

    [Fact]
    public void ALoadedTemplatesTextIsTheInstanceTheFileHeldBeforeIt()
    {
        var miner = new TemplateMiner();
        miner.Learn("sshd[7]: Accepted publickey for deploy from 10.0.0.1 port 22");
        var text = miner.GetTemplate(1)!.Text;
        using var file = new MemoryStream();
        var writer = new ModelWriter(file);
        writer.Write(text);
        MinerSerializer.Write(miner, writer);
        writer.Flush();
        file.Position = 0;
        var reader = new ModelReader(file);

        var held = reader.ReadString("template text");
        var loaded = MinerSerializer.Read(reader);

        Assert.Equal(text, loaded.GetTemplate(1)!.Text);
        Assert.Same(held, loaded.GetTemplate(1)!.Text);
    }
}

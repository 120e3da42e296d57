using Lad.Engine.Model;
using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Model;

public class ModelCatalogTests
{
    [Fact]
    public void Som_is_registered_and_builds_its_trainer()
    {
        Assert.Contains("som", ModelCatalog.Kinds);
        Assert.IsType<SomTrainer>(ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "SOM" }));
    }

    [Fact]
    public void Novelty_is_registered_and_builds_its_trainer()
    {
        Assert.Contains("novelty", ModelCatalog.Kinds);
        Assert.IsType<Lad.Engine.Model.Novelty.NoveltyTrainer>(ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "Novelty" }));
    }

    [Fact]
    public void Unknown_kind_names_the_available_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "forest" }));
        Assert.Contains("'forest' is unknown", e.Message);
        Assert.Contains("som", e.Message);
    }

    [Fact]
    public void Loading_a_container_of_another_kind_is_a_clear_error()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "miner", w => w.Write(1));
        stream.Position = 0;
        var e = Assert.Throws<ModelFormatException>(() => ModelCatalog.Load(stream));
        Assert.Contains("'miner', which this build cannot load", e.Message);
    }
}

using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Lad.Integration.Tests.Deploy;

/// <summary>Every document of deploy/k8s/*.yaml as plain maps and lists, with navigation that fails naming the path.</summary>
internal static class Manifests
{
    public static IReadOnlyList<Dictionary<object, object>> All { get; } = Load();

    public static Dictionary<object, object> Of(string kind, string name) =>
        All.SingleOrDefault(d => (string)d["kind"] == kind && (string)Map(d, "metadata")["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} in deploy/k8s");

    public static Dictionary<object, object> Map(object node, string key)
    {
        var map = Assert.IsType<Dictionary<object, object>>(node);
        Assert.True(map.TryGetValue(key, out var value), $"missing key '{key}' (have: {string.Join(", ", map.Keys)})");
        return Assert.IsType<Dictionary<object, object>>(value);
    }

    public static List<object> List(object node, string key)
    {
        var map = Assert.IsType<Dictionary<object, object>>(node);
        Assert.True(map.TryGetValue(key, out var value), $"missing key '{key}' (have: {string.Join(", ", map.Keys)})");
        return Assert.IsType<List<object>>(value);
    }

    public static string Text(object node, string key) => Assert.IsType<string>(Assert.IsType<Dictionary<object, object>>(node)[key]);

    private static List<Dictionary<object, object>> Load()
    {
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("deploy/k8s"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                if (deserializer.Deserialize<object>(parser) is Dictionary<object, object> document)
                {
                    documents.Add(document);
                }
            }
        }

        return documents;
    }
}

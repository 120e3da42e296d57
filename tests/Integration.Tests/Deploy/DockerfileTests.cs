using System.Text.Json;
using System.Xml.Linq;

namespace Lad.Integration.Tests.Deploy;

public class DockerfileTests
{
    private static readonly string[] Lines = RepositoryFiles.Read("deploy/Dockerfile").Split('\n').Select(l => l.Trim()).ToArray();

    [Fact]
    public void EntrypointRunsThePublishedSiloWithTheMountedConfig()
    {
        var assemblyName = XDocument.Load(RepositoryFiles.PathOf("src/Silo/Lad.Silo.csproj")).Descendants("AssemblyName").Single().Value;
        var entrypoint = JsonSerializer.Deserialize<string[]>(Instruction("ENTRYPOINT").Single())!;

        Assert.Equal([$"/app/{assemblyName}", "--config", "/etc/anomaly_detector/multihost.yaml"], entrypoint);
        Assert.Contains(Instruction("RUN"), r => r.Contains("dotnet publish src/Silo/Lad.Silo.csproj", StringComparison.Ordinal) && r.Contains("-o /out", StringComparison.Ordinal));
        Assert.Contains("--from=build /out/ ./", Instruction("COPY"));
        Assert.Equal("/app", Instruction("WORKDIR").Last());
    }

    [Fact]
    public void BuildsOnTheSdkAndRunsOnAspNetAsNonRoot()
    {
        var stages = Instruction("FROM");
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
        var user = Assert.Single(Instruction("USER"));
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
    }

    [Fact]
    public void PublishesForTheImagesArchitectureWhenTheBuilderNamesIt()
    {
        // The build stage must declare TARGETARCH to see it, and pass it only when set: an empty -a fails the publish.
        var build = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();
        Assert.Contains("ARG TARGETARCH", build);
        var publish = Assert.Single(build, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains("${TARGETARCH:+-a $TARGETARCH}", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void ExposesThePortsTheManifestsUse() =>
        Assert.Equal(["11111", "30000", "8080"], Assert.Single(Instruction("EXPOSE")).Split(' '));

    private static List<string> Instruction(string name) =>
        [.. Lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim())];
}

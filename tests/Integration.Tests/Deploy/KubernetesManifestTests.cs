using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Deploy.Manifests;

namespace Lad.Integration.Tests.Deploy;

public class KubernetesManifestTests
{
    private static readonly Dictionary<object, object> Deployment = Of("Deployment", "lad-silo");
    private static readonly Dictionary<object, object> PodSpec = Map(Map(Map(Deployment, "spec"), "template"), "spec");
    private static readonly Dictionary<object, object> Container = Assert.IsType<Dictionary<object, object>>(Assert.Single(List(PodSpec, "containers")));

    [Fact]
    public void EveryDocumentHasKindAndName() =>
        Assert.All(All, d => Assert.False(string.IsNullOrEmpty(Text(Map(d, "metadata"), "name")), $"{d["kind"]} without a name"));

    [Fact]
    public void SilosClusterThroughMongoAndAdvertiseThePodIp()
    {
        var env = Environment();
        Assert.Equal("mongo", Text(env["LAD_CLUSTERING"], "value"));
        Assert.Equal("status.podIP", Text(Map(Map(env["LAD_ADVERTISED_IP"], "valueFrom"), "fieldRef"), "fieldPath"));
        Assert.True(Convert.ToInt32(Map(Deployment, "spec")["replicas"], System.Globalization.CultureInfo.InvariantCulture) >= 2,
            "a cluster needs more than one silo");
    }

    [Fact]
    public void MongoUriComesFromAKeyOfTheSecret()
    {
        var reference = Map(Map(Environment()["LAD_MG_URI"], "valueFrom"), "secretKeyRef");
        var secret = Of("Secret", Text(reference, "name"));
        Assert.True(Map(secret, "stringData").ContainsKey(Text(reference, "key")), $"Secret {Text(reference, "name")} lacks key {Text(reference, "key")}");
    }

    [Fact]
    public void ConfigMapIsMountedWhereTheImageReadsTheConfigAndLoadsAsAClusterConfig()
    {
        var volume = List(PodSpec, "volumes").Cast<Dictionary<object, object>>().Single(v => v.ContainsKey("configMap"));
        var configMap = Of("ConfigMap", Text(Map(volume, "configMap"), "name"));
        var key = Text(Assert.IsType<Dictionary<object, object>>(Assert.Single(List(Map(volume, "configMap"), "items"))), "key");
        var mount = List(Container, "volumeMounts").Cast<Dictionary<object, object>>().Single(m => Text(m, "name") == Text(volume, "name"));

        Assert.Equal("/etc/anomaly_detector/multihost.yaml", $"{Text(mount, "mountPath")}/{key}");
        Assert.False(Container.ContainsKey("command") || Container.ContainsKey("args"), "the container must keep the image's ENTRYPOINT");
        Assert.Contains("\"--config\", \"/etc/anomaly_detector/multihost.yaml\"]", RepositoryFiles.Read("deploy/Dockerfile"), StringComparison.Ordinal);

        // The mounted YAML must pass the daemon's own validation, with the Secret's URI as the pod gets it.
        var config = LadConfigLoader.Load(Text(Map(configMap, "data"), key), new Dictionary<string, string> { ["LAD_MG_URI"] = "mongodb://mongo:27017" });
        Assert.Equal(ClusteringMode.Mongo, config.Clustering);
        Assert.Equal(8080, config.HttpPort);
        Assert.Equal((11111, 30000), (config.SiloPort, config.GatewayPort));
    }

    [Fact]
    public void ServicePortsTargetContainerPorts()
    {
        var containerPorts = List(Container, "ports").Cast<Dictionary<object, object>>()
            .ToDictionary(p => Text(p, "name"), p => Convert.ToInt32(p["containerPort"], System.Globalization.CultureInfo.InvariantCulture));
        var service = Of("Service", "lad-silo");
        var selector = Map(Map(service, "spec"), "selector");
        var podLabels = Map(Map(Map(Map(Deployment, "spec"), "template"), "metadata"), "labels");
        Assert.All(selector, s => Assert.Equal(s.Value, podLabels[s.Key]));

        var ports = List(Map(service, "spec"), "ports").Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(["gateway", "http"], ports.Select(p => Text(p, "name")).Order());
        foreach (var port in ports)
        {
            var target = Text(port, "targetPort");
            Assert.True(containerPorts.ContainsKey(target), $"Service port {port["name"]} targets '{target}', not a container port");
            Assert.Equal(containerPorts[target].ToString(System.Globalization.CultureInfo.InvariantCulture), port["port"]);
        }

        Assert.Equal((11111, 30000, 8080), (containerPorts["silo"], containerPorts["gateway"], containerPorts["http"]));
    }

    [Fact]
    public void ProbesHitEndpointsTheSiloServesOnItsHttpPort()
    {
        var served = SiloRoutes();
        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = Map(Map(Container, probe), "httpGet");
            Assert.Equal(path, Text(get, "path"));
            Assert.Contains(path, served);
            Assert.Equal("http", Text(get, "port"));
        }

        Assert.Contains("/metrics", served);
        Assert.Equal("/metrics", Text(Map(Map(Map(Deployment, "spec"), "template"), "metadata") is var meta ? Map(meta, "annotations") : [], "prometheus.io/path"));
    }

    [Fact]
    public void ResourcesAreBounded()
    {
        var resources = Map(Container, "resources");
        Assert.Equal(["cpu", "memory"], Map(resources, "requests").Keys.Cast<string>().Order());
        Assert.Equal(["cpu", "memory"], Map(resources, "limits").Keys.Cast<string>().Order());
    }

    private static Dictionary<string, Dictionary<object, object>> Environment() =>
        List(Container, "env").Cast<Dictionary<object, object>>().ToDictionary(e => Text(e, "name"));

    // The routes lad-silo maps, read from a web app configured exactly as Program.cs does.
    internal static HashSet<string> SiloRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<IGrainFactory>(_ => throw new InvalidOperationException("no cluster in this test"));
        builder.Services.AddSingleton<LadMetrics>();
        builder.Services.AddSingleton(new WebSecuritySettings(MetricsAuth: false));
        var app = builder.Build();
        app.MapLadEndpoints();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))];
    }
}

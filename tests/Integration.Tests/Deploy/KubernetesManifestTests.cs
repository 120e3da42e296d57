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
    public void MongoUriComesFromASecretTheOperatorCreatesNoneShipsWithADefault()
    {
        Assert.DoesNotContain(All, d => (string)d["kind"] == "Secret");
        var reference = Map(Map(Environment()["LAD_MG_URI"], "valueFrom"), "secretKeyRef");
        var create = $"kubectl create secret generic {Text(reference, "name")} --from-literal={Text(reference, "key")}=";
        Assert.Contains(create, RepositoryFiles.Read("README.md"), StringComparison.Ordinal);
        Assert.Contains(create, RepositoryFiles.Read("deploy/k8s/deployment.yaml"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LAD_AUTH_TOKENS_FILE", "AUTH_TOKENS_FILE")]
    [InlineData("LAD_ORLEANS_TLS_CERT", "ORLEANS_TLS_CERT")]
    [InlineData("LAD_ORLEANS_TLS_KEY", "ORLEANS_TLS_KEY")]
    [InlineData("LAD_ORLEANS_TLS_CA", "ORLEANS_TLS_CA")]
    public void TokensAndOrleansCertificatesAreFilesOfSecretsTheOperatorCreates(string variable, string setting)
    {
        var path = Text(Environment()[variable], "value");
        var mount = List(Container, "volumeMounts").Cast<Dictionary<object, object>>()
            .SingleOrDefault(m => path.StartsWith(Text(m, "mountPath") + "/", StringComparison.Ordinal));
        Assert.True(mount is not null, $"{variable}={path} is under no volume mount");
        Assert.Equal("true", Text(mount, "readOnly"));
        var volume = List(PodSpec, "volumes").Cast<Dictionary<object, object>>().Single(v => Text(v, "name") == Text(mount, "name"));
        var secret = Map(volume, "secret");
        var file = path[(Text(mount, "mountPath").Length + 1)..];
        var key = Text(List(secret, "items").Cast<Dictionary<object, object>>().Single(i => Text(i, "path") == file), "key");

        // The silo refuses a token file others may read; the pod's group (fsGroup) is how its non-root user reads it.
        Assert.Equal("0440", Text(secret, "defaultMode"));
        Assert.True(Map(PodSpec, "securityContext").ContainsKey("fsGroup"), "without fsGroup the non-root silo cannot read a 0440 Secret file");

        // The variable is the setting the silo reads (an unknown LAD_* variable is only warned about).
        var podEnvironment = Environment().Values.Where(e => e.ContainsKey("value")).ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        podEnvironment["LAD_MG_URI"] = "mongodb://mongo:27017";
        var config = LadConfigLoader.Load(Text(Map(Of("ConfigMap", "lad-config"), "data"), "multihost.yaml"), podEnvironment);
        Assert.Equal(path, setting switch
        {
            "AUTH_TOKENS_FILE" => config.AuthTokensFile,
            "ORLEANS_TLS_CERT" => config.OrleansTlsCertificate,
            "ORLEANS_TLS_KEY" => config.OrleansTlsKey,
            _ => config.OrleansTlsAuthority,
        });

        // No Secret ships (no default tokens or keys); the README and the manifest say how to create it.
        Assert.DoesNotContain(All, d => (string)d["kind"] == "Secret");
        var create = $@"kubectl create secret generic {Text(secret, "secretName")} [^\n]*--from-file={System.Text.RegularExpressions.Regex.Escape(key)}=";
        Assert.Matches(create, RepositoryFiles.Read("README.md"));
        Assert.Matches(create, RepositoryFiles.Read("deploy/k8s/deployment.yaml"));
    }

    [Fact]
    public void PodsRunUnderSeccompWithoutAServiceAccountToken()
    {
        Assert.Equal("false", PodSpec["automountServiceAccountToken"]);
        Assert.Equal("RuntimeDefault", Text(Map(Map(PodSpec, "securityContext"), "seccompProfile"), "type"));
        var container = Map(Container, "securityContext");
        Assert.Equal(["false", "true"], new[] { Text(container, "allowPrivilegeEscalation"), Text(container, "readOnlyRootFilesystem") });
    }

    [Fact]
    public void TheImageIsPinnedToTheRelease()
    {
        var props = RepositoryFiles.Read("Directory.Build.props");
        var version = props[(props.IndexOf("<Version>", StringComparison.Ordinal) + "<Version>".Length)..props.IndexOf("</Version>", StringComparison.Ordinal)];

        Assert.Equal($"lad-silo:{version}", Text(Container, "image"));
    }

    [Fact]
    public void OnlySilosReachTheSiloPortAndOnlyLabelledClientsTheGateway()
    {
        var policy = Map(Of("NetworkPolicy", "lad-silo"), "spec");
        var podLabels = Map(Map(Map(Map(Deployment, "spec"), "template"), "metadata"), "labels");
        Assert.All(Map(Map(policy, "podSelector"), "matchLabels"), l => Assert.Equal(l.Value, podLabels[l.Key]));

        var containerPorts = List(Container, "ports").Cast<Dictionary<object, object>>().Select(p => Text(p, "name")).ToHashSet();
        var rules = List(policy, "ingress").Cast<Dictionary<object, object>>()
            .ToDictionary(r => Text(Assert.Single(List(r, "ports")), "port"), r => List(r, "from").Cast<Dictionary<object, object>>().ToList());
        Assert.Equal(containerPorts.Order(), rules.Keys.Order());

        var siloPeers = Assert.Single(rules["silo"]);
        Assert.All(Map(Map(siloPeers, "podSelector"), "matchLabels"), l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.Contains(rules["gateway"], p => Map(Map(p, "podSelector"), "matchLabels").TryGetValue("lad-client", out var v) && (string)v == "true");
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

using System.CommandLine;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;

namespace Lad.Client.Cluster;

/// <summary>How a cluster command finds the cluster (gateway and ids) and its token, from options, environment
/// variables and the YAML named by <c>--config</c> or <c>LAD_CONFIG</c>.</summary>
/// <param name="GatewayOption">The <c>--gateway host:port</c> option.</param>
/// <param name="ConfigOption">The <c>--config file</c> option.</param>
/// <param name="TokenOption">The <c>--token</c> option.</param>
/// <param name="TokenFileOption">The <c>--token-file</c> option.</param>
internal sealed record GatewayLookup(
    Option<string?> GatewayOption, Option<string?> ConfigOption, Option<string?> TokenOption, Option<string?> TokenFileOption)
{
    /// <summary>The environment variable holding the API token when neither option names one.</summary>
    public const string TokenVariable = "LAD_TOKEN";

    /// <summary>The environment variable naming a file that holds the API token.</summary>
    public const string TokenFileVariable = "LAD_TOKEN_FILE";

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(GatewayOption);
        command.Options.Add(ConfigOption);
        command.Options.Add(TokenOption);
        command.Options.Add(TokenFileOption);
        return command;
    }

    /// <summary>The API token to send: <c>--token</c>, else <c>--token-file</c>, else <c>LAD_TOKEN</c>, else the file
    /// <c>LAD_TOKEN_FILE</c> names; null when none is given (a silo without tokens needs none).</summary>
    /// <exception cref="ClusterUnavailableException">The token file cannot be read or holds no token.</exception>
    public string? Token(ParseResult parse, Func<string, string?> environment)
    {
        if (parse.GetValue(TokenOption) is { Length: > 0 } token)
        {
            return token;
        }

        if (parse.GetValue(TokenFileOption) is { Length: > 0 } file)
        {
            return ReadTokenFile(file, "--token-file");
        }

        if (environment(TokenVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        return environment(TokenFileVariable) is { Length: > 0 } fileFromEnvironment
            ? ReadTokenFile(fileFromEnvironment, TokenFileVariable)
            : null;
    }

    /// <summary>The console's certificates for a cluster with mutual TLS: <c>LAD_ORLEANS_TLS_CERT</c>,
    /// <c>LAD_ORLEANS_TLS_KEY</c> and <c>LAD_ORLEANS_TLS_CA</c>, the silo's own keys as environment variables; null
    /// when unset.</summary>
    /// <exception cref="ClusterUnavailableException">Only some are set, or a file cannot be loaded.</exception>
    public static ClusterCertificates? Tls(Func<string, string?> environment)
    {
        try
        {
            return ClusterCertificates.Load(
                NonEmpty(environment("LAD_ORLEANS_TLS_CERT")), NonEmpty(environment("LAD_ORLEANS_TLS_KEY")), NonEmpty(environment("LAD_ORLEANS_TLS_CA")));
        }
        catch (LadConfigException e)
        {
            throw new ClusterUnavailableException(e.Message);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // The token is the file's first line that is neither blank nor a # comment.
    private static string ReadTokenFile(string path, string origin)
    {
        try
        {
            return File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
                ?? throw new ClusterUnavailableException($"{origin}: {path} holds no token");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterUnavailableException($"{origin}: cannot read {path} ({e.Message})");
        }
    }

    /// <summary>The environment variable naming the cluster's <c>CLUSTER_ID</c>.</summary>
    public const string ClusterIdVariable = "LAD_CLUSTER_ID";

    /// <summary>The environment variable naming the cluster's <c>SERVICE_ID</c>.</summary>
    public const string ServiceIdVariable = "LAD_SERVICE_ID";

    // lad-silo's defaults, for when neither the environment nor a config names the ids.
    private const string DefaultId = "lad";

    /// <summary>The cluster to connect to. The gateway: <c>--gateway</c>, else <c>LAD_GATEWAY</c>, else 127.0.0.1 and
    /// the config's <c>GATEWAY_PORT</c>, else the default; each id: its <c>LAD_</c> variable, else the config's, else
    /// <c>lad</c>. The config is <c>--config</c>, else <c>LAD_CONFIG</c>, and read only when named.</summary>
    /// <exception cref="ClusterUnavailableException">The configuration file cannot be loaded.</exception>
    public ClusterTarget Target(ParseResult parse, Func<string, string?> environment)
    {
        var path = parse.GetValue(ConfigOption) is { Length: > 0 } option ? option : environment("LAD_CONFIG");
        var config = string.IsNullOrWhiteSpace(path) ? null : Load(path);
        var gateway = parse.GetValue(GatewayOption) is { Length: > 0 } fromOption ? fromOption
            : environment(ClusterCommand.GatewayVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : config is null ? ClusterConnection.DefaultGateway
            : $"127.0.0.1:{config.GatewayPort}";
        return new ClusterTarget(
            gateway,
            NonEmpty(environment(ClusterIdVariable)) ?? config?.ClusterId ?? DefaultId,
            NonEmpty(environment(ServiceIdVariable)) ?? config?.ServiceId ?? DefaultId);
    }

    private static LadConfig Load(string path)
    {
        try
        {
            return LadConfigLoader.LoadFile(path, LadConfigLoader.ProcessEnvironment());
        }
        catch (LadConfigException e)
        {
            throw new ClusterUnavailableException(e.Message);
        }
    }
}

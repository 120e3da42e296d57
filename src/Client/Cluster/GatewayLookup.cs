using System.CommandLine;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Client.Cluster;

/// <summary>How a cluster command finds the silo gateway: <c>--gateway</c>, else <c>LAD_GATEWAY</c>, else the
/// <c>GATEWAY_PORT</c> on 127.0.0.1 of the YAML named by <c>--config</c> or <c>LAD_CONFIG</c>, else the default.</summary>
/// <param name="GatewayOption">The <c>--gateway host:port</c> option.</param>
/// <param name="ConfigOption">The <c>--config file</c> option.</param>
internal sealed record GatewayLookup(Option<string?> GatewayOption, Option<string?> ConfigOption)
{
    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(GatewayOption);
        command.Options.Add(ConfigOption);
        return command;
    }

    /// <summary>The gateway to connect to.</summary>
    /// <exception cref="ClusterUnavailableException">The configuration file cannot be loaded.</exception>
    public string Gateway(ParseResult parse, Func<string, string?> environment)
    {
        if (parse.GetValue(GatewayOption) is { Length: > 0 } gateway)
        {
            return gateway;
        }

        if (environment(ClusterCommand.GatewayVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var path = parse.GetValue(ConfigOption) is { Length: > 0 } option ? option : environment("LAD_CONFIG");
        if (string.IsNullOrWhiteSpace(path))
        {
            return ClusterConnection.DefaultGateway;
        }

        try
        {
            var config = LadConfigLoader.LoadFile(path, LadConfigLoader.ProcessEnvironment());
            return $"127.0.0.1:{config.GatewayPort}";
        }
        catch (LadConfigException e)
        {
            throw new ClusterUnavailableException(e.Message);
        }
    }
}

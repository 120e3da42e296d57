using System.CommandLine;

namespace Lad.Client.Commands;

/// <summary>The subcommands of <c>lad</c>, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    /// <summary>Builds every subcommand.</summary>
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return EvalCommand.Create();
        yield return ParseBenchCommand.Create();
        yield return BenchParseCommand.Create();
        yield return BenchCommand.Create();
        yield return SourcesCommand.Create();
        yield return HostsCommand.Create();
        yield return RetrainCommand.Create();
        yield return AnomaliesCommand.Create();
        yield return IncidentsCommand.Create();
        yield return IncidentCommand.Create();
        yield return IncidentStateCommand.CreateAck();
        yield return IncidentStateCommand.CreateResolve();
        yield return FeedbackCommand.Create();
        yield return ConfigCommand.Create();
    }
}

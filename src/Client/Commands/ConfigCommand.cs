using System.CommandLine;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.Client.Commands;

/// <summary><c>lad config check FILE</c>: validates a silo configuration file without starting anything.</summary>
internal static class ConfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The YAML configuration file (LAD_<KEY> environment variables apply, as in the silo)." };
        var check = new Command(
            "check",
            "Check a configuration file as lad-silo would at start; print every problem by key (exit code 2), or the effective settings with secrets masked.")
        {
            file,
        };
        check.SetAction(parse => Run(parse.GetValue(file)!, LadConfigLoader.ProcessEnvironment(), Console.Out));
        return new Command("config", "Work with silo configuration files.") { check };
    }

    /// <summary>Checks <paramref name="path"/> and writes the report; returns the exit code.</summary>
    internal static int Run(string path, IReadOnlyDictionary<string, string> environment, TextWriter output) =>
        ConfigCheck.Report(path, ConfigCheck.Run(path, environment), output);
}

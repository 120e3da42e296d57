using System.CommandLine;
using Lad.Client;
using Lad.Client.Commands;
using Spectre.Console;

if (ConsoleWidth.For(Environment.GetEnvironmentVariable("COLUMNS"), Console.IsOutputRedirected) is { } width)
{
    AnsiConsole.Profile.Width = width;
}

var root = new RootCommand("LAD: learns per host what its logs normally look like and flags anomalous lines.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();

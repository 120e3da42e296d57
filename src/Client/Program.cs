using System.CommandLine;
using Lad.Client.Commands;

var root = new RootCommand("LAD: learns per host what its logs normally look like and flags anomalous lines.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();

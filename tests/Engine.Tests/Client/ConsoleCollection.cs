namespace Lad.Engine.Tests.Client;

/// <summary>Tests that redirect the process console run alone.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

namespace Lad.Engine.Model.Default.Context;

/// <summary>The strongest context evidence about one line: its strength in [0, 1] and the sentence behind it.</summary>
internal readonly record struct ContextFinding(double Value, string Reason);

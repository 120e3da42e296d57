namespace Lad.Engine.Model.Default.Values;

/// <summary>Where a value sits in its line, for reasons ("at parameter 5 (part 1 of '502 157')"); formatted only when a reason is written.</summary>
/// <param name="Position">The template parameter, from 1.</param>
/// <param name="Part">The value within the parameter, from 1.</param>
/// <param name="Parts">How many values the parameter holds.</param>
/// <param name="Parameter">The parameter as written.</param>
internal readonly record struct ValuePlace(int Position, int Part, int Parts, string Parameter)
{
    public override string ToString() =>
        Parts == 1 ? $"at parameter {Position} of this template" : $"at parameter {Position} of this template (part {Part} of '{Parameter}')";
}

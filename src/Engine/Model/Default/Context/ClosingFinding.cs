namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How unusual a session's ending is: <see cref="Value"/> in [0, 1] (the ending's rarity weighed by how sure the
/// silence makes it that the session ended), <see cref="Rarity"/> (what <see cref="Value"/> grows to as the silence
/// goes on), whether training seldom left a session with its template counts (<see cref="RareShape"/>), and the
/// figures its sentence gives (<see cref="SessionEndProfile.Explain"/>): the training sessions left with the same
/// template counts (<see cref="Shape"/>), the silence and the idle limit it was held to, in the host's lines.
/// </summary>
internal readonly record struct ClosingFinding(double Value, double Rarity, bool RareShape, long Shape, long IdleLines, long IdleLimit);

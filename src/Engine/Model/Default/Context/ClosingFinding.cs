namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How unusual a session's ending is: <see cref="Value"/> in [0, 1], whether training seldom left a session with
/// its template counts (<see cref="RareShape"/>), and the sentence behind it.
/// </summary>
internal readonly record struct ClosingFinding(double Value, bool RareShape, string Reason);

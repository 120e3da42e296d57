namespace Lad.Engine.Model.Default.Context;

/// <summary>How often one template occurred within a training session: at most <paramref name="Max"/> times, in <paramref name="Sessions"/> sessions.</summary>
internal readonly record struct RepeatLimit(int Max, int Sessions);

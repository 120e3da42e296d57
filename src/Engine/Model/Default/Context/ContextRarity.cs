namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How rare a context event is (a transition, or a template's n-th occurrence in a session) given how often its
/// context occurred in training, in [0, 1]: 0 for an event making up at least <see cref="RoutineShare"/> of its
/// context (routine, however odd it looks), 1 for one never seen, log-scaled between. Seen-but-rare events still
/// count, because training histories hold some anomalous sessions themselves. Contexts seen too rarely to tell
/// a routine share from a rare one give 0.
/// </summary>
internal static class ContextRarity
{
    /// <summary>An event this common within its context is routine; the same share the template rarity uses.</summary>
    public const double RoutineShare = 0.01;

    public static double Of(double events, long contextTotal)
    {
        var routine = -Math.Log(RoutineShare);
        var unseen = Math.Log(2.0 * (contextTotal + 1));
        if (unseen <= routine)
        {
            return 0;
        }

        var surprise = -Math.Log((events + 0.5) / (contextTotal + 1.0));
        return Math.Clamp((surprise - routine) / (unseen - routine), 0, 1);
    }
}

using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// What training showed after one template within sessions: how long sessions paused after it before their next
/// line (as <see cref="IdleLines"/>, the pause after which a session is taken to have ended there), how often
/// another line followed, and how often the session ended there.
/// </summary>
internal sealed record SessionEnding(long IdleLines, long Followed, long Ended)
{
    /// <summary>Occurrences whose outcome training knows (followed, or ended long enough before the history's end).</summary>
    public long Known => Followed + Ended;

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(IdleLines);
        writer.Write(Followed);
        writer.Write(Ended);
    }

    public static SessionEnding ReadFrom(ModelReader reader, int template)
    {
        var ending = new SessionEnding(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        if (ending.IdleLines < 1 || ending.Followed < 0 || ending.Ended < 0 || ending.Known < 1)
        {
            throw new ModelFormatException($"model file: the session ending of template {template} is invalid");
        }

        return ending;
    }
}

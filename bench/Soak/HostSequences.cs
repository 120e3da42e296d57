namespace Lad.Soak;

/// <summary>Each host's next line number, shared by the writers, so a host's lines go on in its history's order.</summary>
internal sealed class HostSequences(IEnumerable<string> hosts, int start)
{
    private readonly Dictionary<string, int> _next = hosts.ToDictionary(h => h, _ => start);
    private readonly Lock _gate = new();

    public int Next(string host)
    {
        lock (_gate)
        {
            return _next[host]++;
        }
    }
}

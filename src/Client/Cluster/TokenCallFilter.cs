using Lad.Grains.Abstractions.Security;

namespace Lad.Client.Cluster;

/// <summary>Sends the console's API token with every grain call, where the silo's call filter checks it.</summary>
/// <param name="token">The token; null sends none.</param>
internal sealed class TokenCallFilter(string? token) : IOutgoingGrainCallFilter
{
    /// <inheritdoc />
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (token is not null)
        {
            RequestContext.Set(CallerToken.RequestContextKey, token);
        }

        return context.Invoke();
    }
}

namespace Lad.Grains.Security;

/// <summary>Marks every grain call a silo makes as the silo's own (<see cref="CallIdentity.SiloProofKey"/>), and drops a
/// client's token from calls that go on from a grain, so tokens do not travel between silos.</summary>
internal sealed class SiloCallStamp(ApiTokenSet tokens) : IOutgoingGrainCallFilter
{
    // The proof changes when the token file does; its text is made once per change.
    private (byte[] Proof, string Text) _proof = (tokens.SiloProof, Convert.ToBase64String(tokens.SiloProof));

    // Async so the changes to the request context stay with this call and do not leak back into the caller's flow.
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var proof = _proof;
        var current = tokens.SiloProof;
        if (!ReferenceEquals(proof.Proof, current))
        {
            _proof = proof = (current, Convert.ToBase64String(current));
        }

        RequestContext.Set(CallIdentity.SiloProofKey, proof.Text);
        RequestContext.Remove(Abstractions.Security.CallerToken.RequestContextKey);
        await context.Invoke();
    }
}

namespace Lad.Grains.Retry;

/// <summary>A step of the detector, or an operator's request, that <see cref="StepDeadline"/> abandoned because no reply
/// came before its deadline.</summary>
/// <remarks>A type of its own because the wait cannot say why: a server that went away without closing the connection
/// and one too busy to answer in time look the same from the silo, and what a failure is called should say both. It
/// stays in the silo: an operator's request that passes its deadline reaches the client as a
/// <see cref="Abstractions.LadStoreException"/>.</remarks>
public sealed class StepDeadlineExceededException : TimeoutException
{
    /// <summary>Creates the failure of a step cut short by its deadline.</summary>
    /// <param name="message">What was abandoned, and after how long.</param>
    /// <param name="cancellation">The cancellation that cut the step short.</param>
    public StepDeadlineExceededException(string message, OperationCanceledException cancellation)
        : base(message, cancellation)
    {
    }
}

using Microsoft.Extensions.Logging;

namespace Lad.Client.Cluster;

/// <summary>Watches what the Orleans client logs while connecting: the client retries a gateway that refuses it until
/// cancelled, so the first failure it logs is the moment, and its cause the reason, to give up.</summary>
internal sealed class ConnectionLog : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource<string> _firstFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the cause of the first failure the client logs (a refused or dropped connection).</summary>
    public Task<string> FirstFailure => _firstFailure.Task;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel) && exception is not null)
        {
            _firstFailure.TrySetResult(exception.GetBaseException().Message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

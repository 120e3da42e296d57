using Microsoft.Extensions.Logging;

namespace Lad.Client.Cluster;

/// <summary>Watches what the Orleans client logs while connecting: the client retries a gateway that refuses it until
/// cancelled, so the first failure it logs is the moment to give up, and the causes it logged are the reason.</summary>
internal sealed class ConnectionLog : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource _firstFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _causes = [];

    /// <summary>Completes when the client logs its first failure (a refused or dropped connection).</summary>
    public Task FirstFailure => _firstFailure.Task;

    /// <summary>The distinct causes of the failures logged so far, in order.</summary>
    public string Causes
    {
        get
        {
            lock (_causes)
            {
                return string.Join("; ", _causes);
            }
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // A cancellation is the console giving up, not a cause.
        if (IsEnabled(logLevel) && exception is not null && exception.GetBaseException() is not OperationCanceledException)
        {
            var cause = exception.GetBaseException().Message;
            lock (_causes)
            {
                if (!_causes.Contains(cause))
                {
                    _causes.Add(cause);
                }
            }

            _firstFailure.TrySetResult();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

namespace Lad.Grains.Detection;

/// <summary>A host has no usable documents in its training window; an expected state for a new or quiet host,
/// retried on the backoff schedule rather than reported as a fault.</summary>
internal sealed class EmptyHistoryException(string message) : Exception(message);

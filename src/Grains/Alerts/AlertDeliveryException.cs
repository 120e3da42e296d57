namespace Lad.Grains.Alerts;

/// <summary>A receiver did not accept a delivery; the message says what it answered, or why it could not be reached.</summary>
public sealed class AlertDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

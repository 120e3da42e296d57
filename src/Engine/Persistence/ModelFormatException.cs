namespace Lad.Engine.Persistence;

/// <summary>A saved model or miner could not be read: wrong file, corrupt, or written by a newer LAD.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and where.</summary>
    public ModelFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the low-level cause.</summary>
    public ModelFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}

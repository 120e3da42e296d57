namespace Lad.Engine.Source.Files;

/// <summary>Lines (or documents) read in order from a file, from a stored <see cref="FilePosition"/> on.</summary>
public interface ILineSource : IDisposable
{
    /// <summary>Where the next read starts.</summary>
    FilePosition Position { get; }

    /// <summary>Reads up to <paramref name="maxLines"/> lines from the position on.</summary>
    /// <param name="maxLines">Most lines to return.</param>
    TailRead Read(int maxLines);
}

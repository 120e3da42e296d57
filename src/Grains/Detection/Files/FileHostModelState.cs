namespace Lad.Grains.Detection.Files;

/// <summary>One host's model as file mode stores it: a record of its own, written when that host is trained.</summary>
[GenerateSerializer, Alias("lad.FileHostModelState")]
internal sealed class FileHostModelState
{
    /// <summary>The model in the <c>ModelCatalog.Save</c> format; in memory only while it is read or written (the
    /// loaded model is what the grain keeps).</summary>
    [Id(0)] public byte[]? Model { get; set; }
}

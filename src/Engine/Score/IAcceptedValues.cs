namespace Lad.Engine.Score;

/// <summary>Parameter values people declared normal for a host: a model that judges values gives no evidence for them.</summary>
/// <remarks>Asked at every line, so what it answers may change between lines (feedback given, expired or undone) without
/// a new model or stream.</remarks>
public interface IAcceptedValues
{
    /// <summary>Whether <paramref name="value"/> at parameter <paramref name="parameter"/> (from 1) of
    /// <paramref name="template"/> is normal.</summary>
    bool Accepts(string template, int parameter, string value);
}

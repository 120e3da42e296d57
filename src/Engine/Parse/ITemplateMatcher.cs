namespace Lad.Engine.Parse;

/// <summary>Names the learned template a message belongs to: a trained miner, or a model holding one.</summary>
/// <remarks>What a volume profile counts by, so a host's model and its volume profile can share one miner.</remarks>
public interface ITemplateMatcher
{
    /// <summary>The id of the template <paramref name="message"/> belongs to; 0 when it matches none learned.</summary>
    /// <param name="message">A log message.</param>
    int TemplateIdOf(string message);

    /// <summary>The text of template <paramref name="templateId"/>; null for an id it does not know.</summary>
    /// <param name="templateId">A template id <see cref="TemplateIdOf"/> gave.</param>
    string? TextOf(int templateId);
}

namespace Lad.Engine.Parse;

/// <summary>The template a line matched in scoring mode.</summary>
/// <param name="TemplateId">The template's id, or 0 when no template is similar enough.</param>
/// <param name="Similarity">
/// Share of the line's positions that fit the template (equal constant or a variable slot), 0..1; for an
/// unknown line, the best similarity found.
/// </param>
public readonly record struct TemplateMatch(int TemplateId, double Similarity)
{
    /// <summary>Whether the line matched a known template.</summary>
    public bool IsKnown => TemplateId != 0;
}

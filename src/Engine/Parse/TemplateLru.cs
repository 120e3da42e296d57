namespace Lad.Engine.Parse;

/// <summary>An intrusive doubly linked list of templates, most recently used first; O(1) touch and evict.</summary>
internal sealed class TemplateLru
{
    /// <summary>The most recently used template.</summary>
    public LogTemplate? Newest { get; private set; }

    /// <summary>The least recently used template (next to evict).</summary>
    public LogTemplate? Oldest { get; private set; }

    /// <summary>Moves (or adds) a template to the most recently used end.</summary>
    public void Touch(LogTemplate template)
    {
        if (Newest == template)
        {
            return;
        }

        Remove(template);
        template.Older = Newest;
        if (Newest is not null)
        {
            Newest.Newer = template;
        }

        Newest = template;
        Oldest ??= template;
    }

    /// <summary>Unlinks a template (no-op when it is not linked).</summary>
    public void Remove(LogTemplate template)
    {
        if (template.Newer is not null)
        {
            template.Newer.Older = template.Older;
        }
        else if (Newest == template)
        {
            Newest = template.Older;
        }

        if (template.Older is not null)
        {
            template.Older.Newer = template.Newer;
        }
        else if (Oldest == template)
        {
            Oldest = template.Newer;
        }

        template.Newer = null;
        template.Older = null;
    }
}

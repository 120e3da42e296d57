using System.Text;

namespace Lad.Grains.Abstractions.Detection;

/// <summary>The snake_case form in which reasons (skipped documents, dead letters) are stored, shown and exported as
/// metric labels, e.g. <c>MessageTooLong</c> as <c>message_too_long</c>.</summary>
public static class ReasonLabel
{
    /// <summary>The label of a PascalCase reason name.</summary>
    /// <param name="name">The reason's name, e.g. an enum member's.</param>
    public static string Of(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}

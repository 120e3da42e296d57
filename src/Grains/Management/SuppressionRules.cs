using Lad.Engine.Volume;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Feedback;

namespace Lad.Grains.Management;

/// <summary>What a false positive may silence: a template-scope suppression must keep some fixed text, so one feedback
/// cannot silence every line of a shape (a line of bare numbers has the template <c>&lt;*&gt;</c>).</summary>
internal static class SuppressionRules
{
    /// <summary>The longest expiry accepted; longer (or none) is "until undone".</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(3650);

    /// <summary>Refuses a template without a token of fixed text: one holding a letter or digit once its variables are removed.</summary>
    /// <exception cref="LadRequestException">Every token of the template is variable or bare punctuation.</exception>
    public static void RequireConstantToken(string template)
    {
        var constant = template.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Any(token => token.Replace(Engine.Parse.LogTemplate.Variable, "", StringComparison.Ordinal).Any(char.IsLetterOrDigit));
        if (!constant)
        {
            throw new LadRequestException(
                $"scope: template '{template}' has no constant word, so it would silence every line of that shape; use line scope");
        }
    }

    /// <summary>Value scope says a value is normal, so it goes with a false positive; a parameter is named only for it.</summary>
    /// <exception cref="LadRequestException">Value scope on a true positive, or a parameter with another scope.</exception>
    public static void RequireValueScopeUse(FeedbackRequest request)
    {
        if (request.Scope == FeedbackScope.Value && request.Verdict != FeedbackVerdict.FalsePositive)
        {
            throw new LadRequestException("scope: value scope says a value is normal, so it is for false positives only");
        }

        if (request.Scope != FeedbackScope.Value && request.Parameter is not null)
        {
            throw new LadRequestException($"parameter: names the parameter of value scope, not of {FeedbackScopeText.Name(request.Scope)} scope");
        }
    }

    /// <summary>Checks an expiry.</summary>
    /// <exception cref="LadRequestException">Zero, negative or beyond <see cref="MaxExpiry"/>.</exception>
    public static void RequireUsableExpiry(TimeSpan? expiresIn)
    {
        if (expiresIn is { } span && (span <= TimeSpan.Zero || span > MaxExpiry))
        {
            throw new LadRequestException($"expires: must be more than 0 and at most {MaxExpiry.TotalDays:0} days, got {DurationText.Of(span)}");
        }
    }
}

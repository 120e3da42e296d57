using Lad.Engine.Score;

namespace Lad.Engine.Tests.Support;

/// <summary>Feedback declaring exactly the given values normal, each at its template's parameter.</summary>
internal sealed class AcceptedValues(params (string Template, int Parameter, string Value)[] values) : IAcceptedValues
{
    public bool Accepts(string template, int parameter, string value) => values.Contains((template, parameter, value));
}

using Lad.Engine.Persistence;
using Lad.Engine.Score;

namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// What training saw at one parameter of a template: a <see cref="ValueProfile"/> per value the parameter holds
/// (see <see cref="ValuePieces"/>), so a status and a size written side by side are judged apart.
/// </summary>
internal sealed class ParameterProfile
{
    private readonly List<ValueProfile> _pieces;

    public ParameterProfile() => _pieces = [];

    private ParameterProfile(List<ValueProfile> pieces) => _pieces = pieces;

    /// <summary>The profiles of the parameter's values, in order.</summary>
    public IReadOnlyList<ValueProfile> Pieces => _pieces;

    public void Add(string parameter)
    {
        var pieces = ValuePieces.Split(parameter);
        for (var i = 0; i < pieces.Count; i++)
        {
            PieceAt(i).Add(pieces[i]);
        }
    }

    /// <summary>As <see cref="Add(string)"/> for a parameter still in its line: strings are made only for new values.</summary>
    public void Add(ReadOnlySpan<char> parameter)
    {
        Span<Range> pieces = stackalloc Range[ValuePieces.MaximumPieces];
        if (!ValuePieces.TrySplit(parameter, pieces, out var count))
        {
            Add(parameter.ToString());
            return;
        }

        for (var i = 0; i < count; i++)
        {
            PieceAt(i).Add(parameter[pieces[i]]);
        }
    }

    /// <summary>A profile that goes on counting from where this one stands, apart from it (before it is complete).</summary>
    public ParameterProfile Copy() => new(_pieces.ConvertAll(piece => piece.Copy()));

    private ValueProfile PieceAt(int index)
    {
        if (index == _pieces.Count)
        {
            _pieces.Add(new ValueProfile());
        }

        return _pieces[index];
    }

    /// <summary>Weighs never-seen labels of every piece for a host of <paramref name="hostLines"/> lines (see <see cref="ValueProfile.WeighLabels"/>).</summary>
    public void WeighLabels(long hostLines)
    {
        foreach (var piece in _pieces)
        {
            piece.WeighLabels(hostLines);
        }
    }

    public void Complete()
    {
        foreach (var piece in _pieces)
        {
            piece.Complete();
        }
    }

    /// <summary>
    /// The most surprising value of <paramref name="parameter"/> (the parameter <paramref name="position"/>, from 1, of
    /// <paramref name="template"/>), and the never-seen label of a closed place (or size far out of its range) that came
    /// there least often (<see cref="ValueProfile.Judge(string, ValuePlace)"/>'s <c>LabelNewRate</c>), or null; values
    /// <paramref name="accepted"/> accepts there are not judged.
    /// </summary>
    public ParameterJudgement? Judge(string parameter, int position, string template = "", IAcceptedValues? accepted = null)
    {
        // As JudgeEach, without an enumerator per parameter: scoring judges parameters line after line.
        ParameterJudgement? best = null;
        var pieces = ValuePieces.Split(parameter);
        for (var i = 0; i < pieces.Count && i < _pieces.Count; i++)
        {
            if (_pieces[i].Judge(pieces[i], new ValuePlace(position, i + 1, pieces.Count, parameter)) is { } judged
                && accepted?.Accepts(template, position, pieces[i]) != true)
            {
                best = ParameterJudgement.Keep(best, judged, pieces[i]);
            }
        }

        return best;
    }

    /// <summary>
    /// As <see cref="Judge(string, int, string, IAcceptedValues?)"/> for a parameter still in its line: strings are made
    /// for a value only when it is evidence, and only with <paramref name="explain"/> (without it, reasons and the
    /// never-seen value are empty, for a caller that only scores), unless people accepted values here or
    /// <paramref name="nameValues"/> asks for the never-seen value without reasons.
    /// </summary>
    public ParameterJudgement? Judge(
        ReadOnlySpan<char> parameter, int position, string template, IAcceptedValues? accepted, bool explain = true, bool nameValues = false)
    {
        Span<Range> pieces = stackalloc Range[ValuePieces.MaximumPieces];
        if (!ValuePieces.TrySplit(parameter, pieces, out var count))
        {
            return Judge(parameter.ToString(), position, template, accepted);
        }

        ParameterJudgement? best = null;
        for (var i = 0; i < count && i < _pieces.Count; i++)
        {
            var piece = parameter[pieces[i]];
            if (_pieces[i].Judge(piece, position, i + 1, count, parameter, explain) is { } judged)
            {
                var value = explain || nameValues || accepted is not null ? piece.ToString() : string.Empty;
                if (accepted?.Accepts(template, position, value) != true)
                {
                    best = ParameterJudgement.Keep(best, judged, value);
                }
            }
        }

        return best;
    }

    /// <summary>Each value of <paramref name="parameter"/> that is evidence, in order.</summary>
    public IEnumerable<(string Value, double Surprise, string Reason, double LabelNewRate)> JudgeEach(string parameter, int position)
    {
        var pieces = ValuePieces.Split(parameter);
        for (var i = 0; i < pieces.Count && i < _pieces.Count; i++)
        {
            if (_pieces[i].Judge(pieces[i], new ValuePlace(position, i + 1, pieces.Count, parameter)) is { } judged)
            {
                yield return (pieces[i], judged.Surprise, judged.Reason, judged.LabelNewRate);
            }
        }
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(_pieces.Count);
        foreach (var piece in _pieces)
        {
            piece.WriteTo(writer);
        }
    }

    public static ParameterProfile ReadFrom(ModelReader reader)
    {
        var count = reader.ReadCount("parameter values", 20);
        if (count > ValuePieces.MaximumPieces)
        {
            throw new ModelFormatException($"model file: a parameter has {count} values, more than {ValuePieces.MaximumPieces}");
        }

        var pieces = new List<ValueProfile>(count);
        for (var i = 0; i < count; i++)
        {
            pieces.Add(ValueProfile.ReadFrom(reader));
        }

        return new ParameterProfile(pieces);
    }
}

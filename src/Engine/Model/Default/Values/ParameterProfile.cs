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
            if (i == _pieces.Count)
            {
                _pieces.Add(new ValueProfile());
            }

            _pieces[i].Add(pieces[i]);
        }
    }

    public void Complete()
    {
        foreach (var piece in _pieces)
        {
            piece.Complete();
        }
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

using System.Numerics;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The runs of letters and digits that hold no digit, in order, read from a line's <see cref="RunMasks"/>: only these
/// can be words, and most runs of a log line are numbers. Each word of the masks is read once; a run's end is found
/// for all runs of the word together, by adding each digit-free run's first bit to the run (the carry runs through it
/// and lands on the first bit past its end, unless a digit stops it first).
/// </summary>
internal ref struct DigitFreeRuns
{
    private readonly ReadOnlySpan<ulong> _letterOrDigit;
    private readonly ReadOnlySpan<ulong> _digit;
    private readonly int _length;
    private int _word = -1;
    private ulong _starts;
    private ulong _ends;
    private ulong _previousLetterOrDigit;
    private ulong _carry;
    private int _lastStart = -1;
    private bool _done;

    /// <summary>Reads the masks <see cref="RunMasks.Classify"/> made for a line of <paramref name="length"/> chars.</summary>
    public DigitFreeRuns(ReadOnlySpan<ulong> letterOrDigit, ReadOnlySpan<ulong> digit, int length)
    {
        _letterOrDigit = letterOrDigit;
        _digit = digit;
        _length = length;
    }

    /// <summary>Where the current run starts.</summary>
    public int Start { get; private set; }

    /// <summary>Where the current run ends (the first char past it).</summary>
    public int End { get; private set; }

    /// <summary>Moves to the next digit-free run; false when there is none.</summary>
    public bool MoveNext()
    {
        while (_ends == 0)
        {
            if (_word >= 0 && _starts != 0)
            {
                _lastStart = (_word << 6) + 63 - BitOperations.LeadingZeroCount(_starts);
            }

            if (++_word >= _letterOrDigit.Length)
            {
                // A run reaching the last mask word's last bit carried out of it: it ends where the line does.
                if (_carry == 0 || _done)
                {
                    return false;
                }

                _done = true;
                (Start, End) = (_lastStart, _length);
                return true;
            }

            var letterOrDigit = _letterOrDigit[_word];
            var letters = letterOrDigit & ~_digit[_word];
            // A run's first bit: set where the bit before it (the previous word's last, for bit 0) is clear.
            _starts = letterOrDigit & ~((letterOrDigit << 1) | (_previousLetterOrDigit >> 63));
            _previousLetterOrDigit = letterOrDigit;
            var sum = letters + (_starts & letters);
            var carried = sum < letters ? 1UL : 0;
            var withCarry = sum + _carry;
            _carry = carried | (withCarry < sum ? 1UL : 0);
            _ends = withCarry & ~letterOrDigit;
        }

        var bit = BitOperations.TrailingZeroCount(_ends);
        _ends &= _ends - 1;
        var startsBefore = _starts & ((1UL << bit) - 1);
        Start = startsBefore != 0 ? (_word << 6) + 63 - BitOperations.LeadingZeroCount(startsBefore) : _lastStart;
        End = (_word << 6) + bit;
        return true;
    }
}

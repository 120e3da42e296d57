using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lad.Engine.Model.Default;

/// <summary>
/// A line's chars as bit masks, 64 chars a word: which are letters or digits, and which are digits (read by
/// <see cref="DigitFreeRuns"/>). Word extraction reads every scored line (its parameters, or all of it), and classifies
/// sixteen ASCII chars at a time here.
/// </summary>
internal static class RunMasks
{
    /// <summary>How many mask words a line of <paramref name="length"/> chars needs.</summary>
    public static int WordsFor(int length) => (length + 63) >> 6;

    /// <summary>
    /// Sets the bits of <paramref name="line"/>'s letters and digits in <paramref name="letterOrDigit"/> and of its digits
    /// in <paramref name="digit"/> (<see cref="WordsFor"/> words long), as char.IsLetterOrDigit and
    /// char.IsDigit tell, and writes the line to <paramref name="lower"/> with every letter lower-cased as
    /// <see cref="char.ToLowerInvariant"/> does (other chars there are not meaningful).
    /// </summary>
    public static void Classify(ReadOnlySpan<char> line, Span<ulong> letterOrDigit, Span<ulong> digit, Span<char> lower)
    {
        for (var w = 0; w < letterOrDigit.Length; w++)
        {
            var block = line.Slice(w << 6, Math.Min(64, line.Length - (w << 6)));
            var blockLower = lower.Slice(w << 6, block.Length);
            ulong letters = 0, digits = 0;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Sixteen ASCII chars at a time; a chunk with a char beyond ASCII goes the scalar way below.
                for (; i + 16 <= block.Length; i += 16)
                {
                    var chars = Vector256.Create(MemoryMarshal.Cast<char, ushort>(block.Slice(i, 16)));
                    if (Vector256.GreaterThanAny(chars, Vector256.Create((ushort)127)))
                    {
                        break;
                    }

                    var folded = chars | Vector256.Create((ushort)0x20);
                    folded.CopyTo(MemoryMarshal.Cast<char, ushort>(blockLower.Slice(i, 16)));
                    var isDigit = Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
                    var isLetter = Vector256.LessThanOrEqual(folded - Vector256.Create((ushort)'a'), Vector256.Create((ushort)25));
                    letters |= (ulong)(isDigit | isLetter).ExtractMostSignificantBits() << i;
                    digits |= (ulong)isDigit.ExtractMostSignificantBits() << i;
                }
            }

            for (; i < block.Length; i++)
            {
                var c = block[i];
                int kind;
                if (c < 128)
                {
                    kind = AsciiClasses[c];
                    // Setting bit 5 lower-cases an ASCII letter and leaves a digit as it is.
                    blockLower[i] = (char)(c | 0x20);
                }
                else
                {
                    kind = char.IsDigit(c) ? Digit : char.IsLetterOrDigit(c) ? Letter : 0;
                    blockLower[i] = char.ToLowerInvariant(c);
                }

                letters |= (ulong)((kind + 1) >> 1) << i;
                digits |= (ulong)(kind >> 1) << i;
            }

            letterOrDigit[w] = letters;
            digit[w] = digits;
        }
    }

    private const int Letter = 1;
    private const int Digit = 2;

    // 0 for neither, 1 for a letter, 2 for a digit: (kind + 1) >> 1 is then "letter or digit", kind >> 1 "digit".
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];
}

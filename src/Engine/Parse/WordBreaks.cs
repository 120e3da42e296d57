using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lad.Engine.Parse;

/// <summary>
/// Where a line's words break, as a bit mask (64 chars a word): whitespace, as char.IsWhiteSpace tells, and dots in a
/// run of two or more (a dot leader). The tokenizer splits every line it reads; telling each char apart one by one
/// with a branch per word edge cost more than the rest of splitting.
/// </summary>
internal static class WordBreaks
{
    /// <summary>How many mask words a line of <paramref name="length"/> chars needs.</summary>
    public static int WordsFor(int length) => (length + 63) >> 6;

    /// <summary>Sets the bits of <paramref name="line"/>'s word breaks in <paramref name="breaks"/> (<see cref="WordsFor"/> words long).</summary>
    public static void Find(ReadOnlySpan<char> line, Span<ulong> breaks)
    {
        Span<ulong> dots = breaks.Length <= StackWords ? stackalloc ulong[StackWords] : new ulong[breaks.Length];
        for (var w = 0; w < breaks.Length; w++)
        {
            var block = line.Slice(w << 6, Math.Min(64, line.Length - (w << 6)));
            ulong spaces = 0, dotBits = 0;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 16 <= block.Length; i += 16)
                {
                    var chars = Vector256.Create(MemoryMarshal.Cast<char, ushort>(block.Slice(i, 16)));
                    if (Vector256.GreaterThanAny(chars, Vector256.Create((ushort)127)))
                    {
                        break;
                    }

                    // ASCII whitespace: the space, and tab through carriage return.
                    var space = Vector256.Equals(chars, Vector256.Create((ushort)' '))
                                | Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)'\t'), Vector256.Create((ushort)('\r' - '\t')));
                    spaces |= (ulong)space.ExtractMostSignificantBits() << i;
                    dotBits |= (ulong)Vector256.Equals(chars, Vector256.Create((ushort)'.')).ExtractMostSignificantBits() << i;
                }
            }

            for (; i < block.Length; i++)
            {
                var c = block[i];
                spaces |= (char.IsWhiteSpace(c) ? 1UL : 0) << i;
                dotBits |= (c == '.' ? 1UL : 0) << i;
            }

            breaks[w] = spaces;
            dots[w] = dotBits;
        }

        for (var w = 0; w < breaks.Length; w++)
        {
            // A dot whose neighbour (across a mask word's edge too) is a dot.
            var next = (dots[w] >> 1) | (w + 1 < breaks.Length ? dots[w + 1] << 63 : 0);
            var previous = (dots[w] << 1) | (w > 0 ? dots[w - 1] >> 63 : 0);
            breaks[w] |= dots[w] & (next | previous);
        }
    }

    // Lines up to 1,024 chars keep their dots on the stack.
    private const int StackWords = 16;

    /// <summary>The first char at or after <paramref name="from"/> whose bit in <paramref name="mask"/> is <paramref name="set"/>, or <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Next(ReadOnlySpan<ulong> mask, int from, int length, bool set)
    {
        var w = from >> 6;
        if (w >= mask.Length)
        {
            return length;
        }

        var flip = set ? 0 : ulong.MaxValue;
        var bits = (mask[w] ^ flip) & (ulong.MaxValue << from);
        while (bits == 0)
        {
            if (++w == mask.Length)
            {
                return length;
            }

            bits = mask[w] ^ flip;
        }

        return Math.Min((w << 6) + BitOperations.TrailingZeroCount(bits), length);
    }
}

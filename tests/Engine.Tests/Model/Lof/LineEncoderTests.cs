using Lad.Engine.Model.Lof;
using Lad.Engine.Model.Som;

namespace Lad.Engine.Tests.Model.Lof;

public class LineEncoderTests
{
    private static readonly WordVectors Words = new(["disk", "full", "user"], [1, 0, 0, 1, 3, 3], 2);

    [Fact]
    public void A_line_is_its_known_words_mean_vector_and_its_share_of_unknown_words_times_the_scale()
    {
        var encoder = new LineEncoder(Words, unknownScale: 8);
        var vector = new float[encoder.Dimension];

        Assert.Equal(3, encoder.Dimension);
        Assert.Equal(2, encoder.Encode(["disk", "full"], vector));
        Assert.Equal([0.5f, 0.5f, 0], vector);

        Assert.Equal(1, encoder.Encode(["user", "panic", "kernel", "oops"], vector));
        Assert.Equal([3, 3, 6], vector); // three of four words unknown: 0.75 x 8

        Assert.Equal(0, encoder.Encode(["panic"], vector));
        Assert.Equal([0, 0, 8], vector);
    }

    [Fact]
    public void The_scale_is_twice_the_largest_distance_from_the_weighted_mean()
    {
        // Rows (0, 0) x 3 and (4, 0) x 1: mean (1, 0), farthest row 3 away.
        Assert.Equal(6, LineEncoder.Spread([0, 0, 4, 0], [3, 1], 2), 9);
        Assert.Equal(1, LineEncoder.Spread([2, 2], [5], 2));
    }
}

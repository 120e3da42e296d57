using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class MinerPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Every_learned_line_matches_a_template_that_fits_its_masked_tokens(int seed)
    {
        var lines = SyntheticLines.Generate(seed, 3000);
        var miner = new TemplateMiner();
        foreach (var line in lines)
        {
            miner.Learn(line);
        }

        foreach (var line in lines)
        {
            var match = miner.Match(line);
            Assert.True(match.IsKnown, line);
            var template = miner.GetTemplate(match.TemplateId)!;
            var tokens = miner.Tokenize(line);
            Assert.Equal(tokens.Count, template.Tokens.Count);
            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.True(template.Tokens[i] == LogTemplate.Variable || template.Tokens[i] == tokens[i], $"{line} vs {template.Text}");
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void The_template_a_line_was_learned_into_still_fits_it_after_all_learning(int seed)
    {
        var lines = SyntheticLines.Generate(seed, 2000);
        var miner = new TemplateMiner();
        var learned = lines.Select(line => miner.Learn(line).Id).ToList();

        for (var i = 0; i < lines.Count; i++)
        {
            var template = miner.GetTemplate(learned[i])!;
            var tokens = miner.Tokenize(lines[i]);
            Assert.Equal(tokens.Count, template.Tokens.Count);
            Assert.All(tokens.Zip(template.Tokens), pair => Assert.True(pair.Second == LogTemplate.Variable || pair.First == pair.Second));
        }

        Assert.Equal(lines.Count, miner.Templates.Sum(t => t.Count));
    }
}

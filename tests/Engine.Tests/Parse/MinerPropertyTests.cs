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

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Arbitrary_text_round_trips_through_every_operation(int seed)
    {
        const string alphabet = "ab Z09.:-_/=,;()[]{}<>\"'|@#*~\t\u00e9\u4e2d ";
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 3000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .ToList();
        var miner = new TemplateMiner(new MinerOptions { MaxTemplates = 200 });

        foreach (var line in lines)
        {
            var template = miner.Learn(line);
            Assert.Equal(miner.Tokenize(line).Count, template.Tokens.Count);
        }

        foreach (var line in lines)
        {
            var match = miner.Match(line);
            Assert.InRange(match.Similarity, 0.0, 1.0);
            Assert.Equal(line.Trim().Length == 0 ? string.Empty : miner.MaskedText(line), miner.MaskedText(line).Trim());
            if (match.IsKnown)
            {
                var template = miner.GetTemplate(match.TemplateId)!;
                Assert.Equal(template.Tokens.Count(t => t == LogTemplate.Variable), miner.ExtractParameters(line, template).Count);
            }
        }

        Assert.True(miner.TemplateCount <= 200);
    }
}

using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class TemplateMinerTests
{
    [Fact]
    public void Lines_differing_in_variables_share_one_template()
    {
        var miner = new TemplateMiner();

        var first = miner.Learn("Connection from 10.0.0.1 port 22");
        var second = miner.Learn("Connection from 10.0.0.2 port 2222");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Count);
        Assert.Equal("Connection from <*> port <*>", second.Text);
        Assert.Equal(1, miner.TemplateCount);
    }

    [Fact]
    public void A_line_one_word_away_from_a_template_is_found_for_judging_but_neither_matched_nor_joined()
    {
        var miner = new TemplateMiner();
        var bob = miner.Learn("Failed password for bob from 10.0.0.1 port 22 ssh2");
        miner.Learn("Failed password for bob from 10.0.0.2 port 2222 ssh2");

        const string carol = "Failed password for carol from 10.0.0.3 port 22 ssh2";
        Assert.False(miner.Match(carol).IsKnown);
        Assert.Equal(bob.Id, miner.OneWordAway(miner.TokensOf(carol))?.Id);
        // Two words away is another message.
        Assert.Null(miner.OneWordAway(miner.TokensOf("Failed publickey for carol from 10.0.0.3 port 22 ssh2")));
        // Finding it changed nothing: the line still makes a template of its own when learned.
        Assert.NotEqual(bob.Id, miner.Learn(carol).Id);
    }

    [Fact]
    public void Different_shapes_get_different_templates()
    {
        var miner = new TemplateMiner();

        var a = miner.Learn("Connection from 10.0.0.1 port 22");
        var b = miner.Learn("Disk sda is full");

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, miner.TemplateCount);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.9, false)]
    public void Similarity_threshold_decides_whether_a_template_generalises(double threshold, bool joins)
    {
        // 3 of 4 positions agree: similarity 0.75.
        var miner = new TemplateMiner(new MinerOptions { SimilarityThreshold = threshold });

        var first = miner.Learn("task runner alpha finished");
        var second = miner.Learn("task runner 42 finished");

        Assert.Equal(joins, first.Id == second.Id);
        Assert.Equal(joins ? 1 : 2, miner.TemplateCount);
        if (joins)
        {
            Assert.Equal("task runner <*> finished", miner.GetTemplate(first.Id)!.Text);
        }
    }

    [Fact]
    public void A_plain_word_becomes_a_variable_only_after_enough_distinct_values_and_old_ids_stay_aliases()
    {
        var miner = new TemplateMiner(new MinerOptions { DistinctValuesForVariable = 3 });

        var sda = miner.Learn("disk sda failed now");
        var sdb = miner.Learn("disk sdb failed now");
        Assert.NotEqual(sda.Id, sdb.Id);
        Assert.Equal(2, miner.TemplateCount);

        var sdc = miner.Learn("disk sdc failed now");

        Assert.Equal(sda.Id, sdc.Id);
        Assert.Equal(1, miner.TemplateCount);
        Assert.Same(sdc, miner.GetTemplate(sdb.Id));
        Assert.Equal("disk <*> failed now", sdc.Text);
        Assert.Equal(3, sdc.Count);
        Assert.Equal(sda.Id, miner.Match("disk sdz failed now").TemplateId);
    }

    [Fact]
    public void Lines_mostly_of_variables_that_differ_in_one_plain_word_merge_once_enough_values_came()
    {
        // A relay's reply carries an id of random letters (a digit-free base64 id). Most of the line is variables,
        // so the word is one of few constants; the siblings still share all the others.
        var miner = new TemplateMiner(new MinerOptions { DistinctValuesForVariable = 3 });
        string Line(string id) => $"postfix/smtp[4711]: 1F25FE5FDA: to=<x@example.org>, relay=mx.example.org[93.184.216.34]:25, delay=2.4, status=sent (250 2.0.0 OK 1684229633 {id} - gsmtp)";
        var first = miner.Learn(Line("GsiGfIaUxC"));
        miner.Learn(Line("KGcfBbHapw"));
        Assert.Equal(2, miner.TemplateCount);

        var third = miner.Learn(Line("dyoNMlTihu"));

        Assert.Equal(first.Id, third.Id);
        Assert.Equal(1, miner.TemplateCount);
        Assert.Equal(first.Id, miner.Match(Line("lpEFZAfKOh")).TemplateId);
    }

    [Fact]
    public void A_variable_and_one_word_never_merge_on_that_word()
    {
        var miner = new TemplateMiner(new MinerOptions { DistinctValuesForVariable = 3 });
        foreach (var word in new[] { "started", "stopped", "failed", "restarted" })
        {
            miner.Learn($"4711 {word}");
        }

        Assert.Equal(4, miner.TemplateCount);
    }

    [Theory]
    [InlineData(new[] { "disk sda failed now", "disk sdx broke now" }, "disk <*> failed now", "disk sdx gone now")]
    [InlineData(new[] { "disk sdx broke now", "disk sda failed now" }, "disk sdx <*> now", "disk sdb failed now")]
    public void When_siblings_differ_at_two_positions_equally_often_the_oldest_siblings_position_becomes_the_variable(
        string[] firstTwo, string merged, string leftAlone)
    {
        var miner = new TemplateMiner(new MinerOptions { DistinctValuesForVariable = 3 });
        var oldest = miner.Learn(firstTwo[0]);
        miner.Learn(firstTwo[1]);
        miner.Learn("disk sdb failed now");
        miner.Learn("disk sdx gone now");

        // Two siblings differ from it at the device, two at the verb.
        var fresh = miner.Learn("disk sdx failed now");

        Assert.Equal(oldest.Id, fresh.Id);
        Assert.Equal(merged, fresh.Text);
        Assert.Equal(3, fresh.Count);
        Assert.Equal(3, miner.TemplateCount);
        Assert.Equal(leftAlone, miner.GetTemplate(miner.Match(leftAlone).TemplateId)!.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_whose_routing_word_became_a_variable_by_a_merge_joins_that_template(bool reloaded)
    {
        // The leading word routes a line through the tree; once three values merged there, a fourth value has no
        // route of its own to the template and must still be found.
        var miner = new TemplateMiner(new MinerOptions { DistinctValuesForVariable = 3 });
        var alpha = miner.Learn("alpha job done ok");
        miner.Learn("beta job done ok");
        miner.Learn("gamma job done ok");
        Assert.Equal("<*> job done ok", alpha.Text);
        if (reloaded)
        {
            using var file = new MemoryStream();
            miner.Save(file);
            file.Position = 0;
            miner = TemplateMiner.Load(file);
        }

        Assert.Equal(alpha.Id, miner.Match("epsilon job done ok").TemplateId);
        var delta = miner.Learn("delta job done ok");

        Assert.Equal(alpha.Id, delta.Id);
        Assert.Equal(4, delta.Count);
        Assert.Equal(1, miner.TemplateCount);
    }

    [Fact]
    public void Match_finds_the_learned_template_without_changing_anything()
    {
        var miner = new TemplateMiner();
        var template = miner.Learn("Connection from 10.0.0.1 port 22");
        miner.Learn("Connection from 10.0.0.2 port 23");

        var match = miner.Match("Connection from 192.168.1.9 port 8080");
        var unknown = miner.Match("Kernel panic: not syncing");

        Assert.True(match.IsKnown);
        Assert.Equal(template.Id, match.TemplateId);
        Assert.Equal(1.0, match.Similarity);
        Assert.False(unknown.IsKnown);
        Assert.Equal(2, template.Count);
        Assert.Equal(1, miner.TemplateCount);
    }

    [Fact]
    public void Match_reports_partial_similarity_for_a_close_line()
    {
        var miner = new TemplateMiner();
        miner.Learn("worker pool started with 4 threads");

        var match = miner.Match("worker pool stopped with 4 threads");

        // A different plain word is not joined without evidence; 4 of 6 positions are equal constants.
        Assert.False(match.IsKnown);
        Assert.Equal(4.0 / 6, match.Similarity, 6);
    }

    [Fact]
    public void Least_recently_used_template_is_evicted_at_the_cap_and_other_ids_stay()
    {
        var miner = new TemplateMiner(new MinerOptions { MaxTemplates = 2 });
        var a = miner.Learn("alpha");
        var b = miner.Learn("beta gamma");
        miner.Learn("alpha");
        var c = miner.Learn("delta epsilon zeta");

        Assert.Equal(2, miner.TemplateCount);
        Assert.Null(miner.GetTemplate(b.Id));
        Assert.Same(a, miner.GetTemplate(a.Id));
        Assert.Same(c, miner.GetTemplate(c.Id));
        Assert.Equal(3, c.Id);
        Assert.False(miner.Match("beta gamma").IsKnown);

        var d = miner.Learn("eta theta iota kappa");
        Assert.Equal(4, d.Id);
        Assert.Null(miner.GetTemplate(a.Id));
    }

    [Fact]
    public void Extracts_the_values_at_variable_positions()
    {
        var miner = new TemplateMiner();
        var template = miner.Learn("Connection from 10.0.0.1 port 22");

        Assert.Equal(["10.0.0.3", "8022"], miner.ExtractParameters("Connection from 10.0.0.3 port 8022", template));
        Assert.Empty(miner.ExtractParameters("something else entirely", template));
    }

    [Fact]
    public void Template_tokens_show_variables()
    {
        var miner = new TemplateMiner();
        var template = miner.Learn("Connection from 10.0.0.1 port 22");

        Assert.Equal(["Connection", "from", "<*>", "port", "<*>"], template.Tokens);
    }

    [Theory]
    [InlineData("SimilarityThreshold")]
    [InlineData("Depth")]
    [InlineData("MaxChildren")]
    [InlineData("MaxTemplates")]
    [InlineData("DistinctValuesForVariable")]
    public void Invalid_options_are_named(string option)
    {
        var options = option switch
        {
            "SimilarityThreshold" => new MinerOptions { SimilarityThreshold = 1.5 },
            "Depth" => new MinerOptions { Depth = 1 },
            "MaxChildren" => new MinerOptions { MaxChildren = 0 },
            "MaxTemplates" => new MinerOptions { MaxTemplates = 0 },
            _ => new MinerOptions { DistinctValuesForVariable = 1 },
        };

        var error = Assert.Throws<ArgumentException>(() => new TemplateMiner(options));

        Assert.Contains($"MinerOptions.{option}", error.Message);
    }

    [Fact]
    public void Concurrent_readers_get_the_same_matches_as_one_reader()
    {
        var lines = SyntheticLines.Generate(21, 4000);
        var miner = new TemplateMiner();
        foreach (var line in lines.Take(3000))
        {
            miner.Learn(line);
        }

        var expected = lines.Select(line => miner.Match(line)).ToArray();
        var actual = new TemplateMatch[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = miner.Match(lines[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Very_long_lines_are_mined_on_their_leading_part()
    {
        var miner = new TemplateMiner();
        var head = string.Join(' ', Enumerable.Repeat("word", (TemplateMiner.MaxLineChars / 5) + 10));
        var template = miner.Learn(head + " tail one " + new string('x', 100_000));

        Assert.True(miner.Match(head + " other tail " + new string('y', 100_000)).IsKnown);
        Assert.True(template.Text.Length <= TemplateMiner.MaxLineChars);
    }
}

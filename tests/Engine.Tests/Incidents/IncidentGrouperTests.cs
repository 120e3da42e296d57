using Lad.Engine.Incidents;

namespace Lad.Engine.Tests.Incidents;

public class IncidentGrouperTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static AnomalyOccurrence Line(string id, string host, DateTime time, string template, string source = "syslog") =>
        new(id, source, host, time, template, template.Replace("<*>", "42", StringComparison.Ordinal), ["template never seen in training"], 0.9);

    [Fact]
    public void Three_hundred_anomalies_of_one_outage_are_one_incident_counting_300()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var lines = Enumerable.Range(0, 300)
            .Select(i => Line($"a{i}", "db-1", T0.AddSeconds(i * 5), "postgres[<*>]: FATAL: connection reset by peer <*>"));

        var result = grouper.Assign(lines);

        var incident = Assert.Single(grouper.Unresolved);
        Assert.Equal(300, incident.Count);
        Assert.Equal(T0, incident.FirstSeen);
        Assert.Equal(T0.AddSeconds(299 * 5), incident.LastSeen);
        Assert.Equal(["db-1"], incident.Hosts);
        Assert.Equal(300, result.IncidentOf.Count);
        Assert.Equal(IncidentChangeKind.Opened, Assert.Single(result.Changes).Kind);
        Assert.Equal(5, incident.Snapshot().Samples.Count);
        Assert.Equal("a0", incident.Snapshot().Samples[0].AnomalyId);
    }

    [Fact]
    public void Two_different_errors_are_two_incidents()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        grouper.Assign(
        [
            Line("a1", "db-1", T0, "postgres[<*>]: FATAL: connection reset by peer"),
            Line("a2", "db-1", T0.AddMinutes(1), "kernel: Out of memory: Kill process <*> (java)"),
            Line("a3", "db-1", T0.AddMinutes(2), "postgres[<*>]: FATAL: connection reset by peer"),
        ]);

        Assert.Equal([2L, 1L], grouper.Unresolved.Select(i => i.Count).OrderDescending());
    }

    private static readonly string[] BootTemplates =
    [
        "kernel: [ <*>] Linux version <*> (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian <*>",
        "kernel: [ <*>] BIOS-provided physical RAM map:",
        "kernel: [ <*>] tsc: Detected <*> MHz processor",
        "kernel: [ <*>] ACPI: Interpreter enabled",
        "kernel: [ <*>] EXT4-fs (vda1): mounted filesystem with ordered data mode",
        "systemd[1]: Detected virtualization kvm.",
        "systemd[1]: Reached target local-fs.target - Local File Systems.",
        "sshd[<*>]: Server listening on <*> port <*>.",
        "systemd[1]: Startup finished in <*> (kernel) + <*> (userspace) = <*>.",
    ];

    [Fact]
    public void A_host_s_boot_is_one_incident_however_many_different_lines_it_flags()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var boot = BootTemplates.Select((template, i) => Line($"boot-{i}", "web-1", T0.AddSeconds(i * 1.5), template));
        // Another host's boot after the quiet period, and a crash on the first host after its boot is over.
        var laterBoot = BootTemplates.Select((template, i) => Line($"later-{i}", "web-2", T0.AddMinutes(40).AddSeconds(i * 1.5), template));
        var crash = Line("crash", "web-1", T0.AddMinutes(5), "nginx[<*>]: worker process <*> exited on signal 11");

        var result = grouper.Assign([.. boot, crash, .. laterBoot]);

        Assert.Equal(3, grouper.Unresolved.Count);
        var first = grouper.Find(result.IncidentOf["boot-0"])!;
        Assert.Equal(BootTemplates.Length, first.Count);
        Assert.Equal(["web-1"], first.Hosts);
        Assert.StartsWith("kernel: [ 42] Linux version", first.Representative, StringComparison.Ordinal);
        Assert.Equal(1, grouper.Find(result.IncidentOf["crash"])!.Count);
        Assert.Equal(BootTemplates.Length, grouper.Find(result.IncidentOf["later-0"])!.Count);
    }

    [Fact]
    public void Hosts_booting_together_are_one_incident_listing_them()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var boots = new[] { "web-1", "web-2" }.SelectMany(host => BootTemplates.Select((template, i) =>
            Line($"{host}-{i}", host, T0.AddSeconds(i * 1.5), template)));

        grouper.Assign(boots);

        var incident = Assert.Single(grouper.Unresolved);
        Assert.Equal(2 * BootTemplates.Length, incident.Count);
        Assert.Equal(["web-1", "web-2"], incident.Hosts.Order());
    }

    [Fact]
    public void A_different_line_beside_a_fault_that_has_gone_on_for_minutes_is_news_of_its_own()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var repeating = Enumerable.Range(0, 100).Select(i => Line($"disk-{i}", "db-1", T0.AddSeconds(i * 3), "kernel: sd <*>: I/O error, dev sda, sector <*>"));
        var result = grouper.Assign([
            .. repeating,
            Line("early", "db-1", T0.AddSeconds(31), "postgres[<*>]: PANIC: could not fsync file <*>"),
            Line("late", "db-1", T0.AddSeconds(241), "kernel: EXT4-fs error (device sda1): ext4_find_entry: reading directory lblock 0"),
            Line("elsewhere", "db-2", T0.AddSeconds(242), "kernel: EXT4-fs error (device sdb1): ext4_find_entry: reading directory lblock 0"),
        ]);

        // Within the fault's first two minutes a different line on its host is part of it; four minutes in it is not.
        Assert.Equal(result.IncidentOf["disk-0"], result.IncidentOf["early"]);
        Assert.NotEqual(result.IncidentOf["disk-0"], result.IncidentOf["late"]);
        Assert.Equal(101, grouper.Find(result.IncidentOf["disk-0"])!.Count);
        // The same line on another host at once is the same new error: one incident listing both.
        Assert.Equal(result.IncidentOf["late"], result.IncidentOf["elsewhere"]);
    }

    [Fact]
    public void A_line_arriving_late_joins_the_burst_it_was_written_in()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var first = grouper.Assign([
            Line("a", "app-4", T0.AddSeconds(10), "systemd[1]: Started Session <*> of User deploy."),
            Line("b", "app-4", T0.AddSeconds(12), "sshd[<*>]: Accepted password for root from <*> port <*> ssh2"),
        ]);
        var late = grouper.Assign([Line("c", "app-4", T0.AddSeconds(8), "sudo: root : TTY=pts/0 ; COMMAND=/bin/bash")]);

        Assert.Equal(first.IncidentOf["a"], first.IncidentOf["b"]);
        Assert.Equal(first.IncidentOf["a"], late.IncidentOf["c"]);
        Assert.Equal(3, Assert.Single(grouper.Unresolved).Count);
    }

    [Fact]
    public void With_no_burst_gap_each_different_line_is_its_own_incident()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions { BurstGap = TimeSpan.Zero });

        // Lines stamped at one instant too (a bulk insert whose _id times are all the same).
        grouper.Assign(BootTemplates.Select((template, i) => Line($"b{i}", "web-1", T0, template)));

        Assert.Equal(BootTemplates.Length, grouper.Unresolved.Count);
    }

    [Fact]
    public void A_repeat_after_a_quiet_gap_is_a_new_incident_and_the_first_resolves_by_its_quiet_period()
    {
        var options = new IncidentGroupingOptions { QuietPeriod = TimeSpan.FromMinutes(30) };
        var grouper = new IncidentGrouper(options);
        const string template = "sshd[<*>]: error: maximum authentication attempts exceeded";
        var first = grouper.Assign([Line("a1", "web-1", T0, template), Line("a2", "web-1", T0.AddMinutes(29), template)]);
        var resolved = grouper.ResolveQuiet(T0.AddMinutes(29 + 30));
        var second = grouper.Assign([Line("a3", "web-1", T0.AddMinutes(29 + 31), template)]);

        var closed = Assert.Single(resolved).Incident;
        Assert.Equal(first.IncidentOf["a1"], closed.Id);
        Assert.Equal(2, closed.Count);
        Assert.Equal(IncidentState.Resolved, closed.State);
        Assert.Null(closed.ResolvedBy);
        Assert.Equal(T0.AddMinutes(59), closed.ResolvedAt);
        Assert.NotEqual(closed.Id, second.IncidentOf["a3"]);
        Assert.Equal(IncidentChangeKind.Opened, Assert.Single(second.Changes).Kind);
    }

    [Fact]
    public void A_gap_longer_than_the_quiet_period_splits_even_before_the_timer_resolves()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions { QuietPeriod = TimeSpan.FromMinutes(10) });
        const string template = "app: disk <*> is full";
        var result = grouper.Assign([Line("a1", "h", T0, template), Line("a2", "h", T0.AddMinutes(11), template)]);

        Assert.Equal(2, result.Changes.Count);
        Assert.NotEqual(result.IncidentOf["a1"], result.IncidentOf["a2"]);
    }

    [Fact]
    public void The_same_new_error_on_five_hosts_is_one_incident_listing_the_five()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var lines = Enumerable.Range(1, 5).SelectMany(h => Enumerable.Range(0, 4)
            .Select(i => Line($"h{h}-{i}", $"node-{h}", T0.AddSeconds(h + (i * 10)), "nfs: server <*> not responding, still trying")));

        grouper.Assign(lines);

        var incident = Assert.Single(grouper.Unresolved);
        Assert.Equal(20, incident.Count);
        Assert.Equal(["node-1", "node-2", "node-3", "node-4", "node-5"], incident.Hosts);
    }

    [Fact]
    public void Hosts_whose_miners_wrote_the_same_error_differently_share_its_incident()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        grouper.Assign(
        [
            Line("a1", "node-1", T0, "nfs: server fs1 not responding, still trying"),
            Line("a2", "node-2", T0.AddSeconds(1), "nfs: server <*> not responding, still trying"),
            Line("a3", "node-3", T0.AddSeconds(2), "nfs: server fs1:2049 not responding, still trying"),
        ]);

        Assert.Equal(3, Assert.Single(grouper.Unresolved).Hosts.Count);
    }

    [Fact]
    public void Other_sources_never_share_an_incident()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        grouper.Assign([Line("a1", "h", T0, "disk full", "syslog"), Line("a2", "h", T0, "disk full", "applogs")]);

        Assert.Equal(2, grouper.Unresolved.Count);
    }

    [Fact]
    public void A_similar_template_joins_only_an_incident_of_at_least_min_samples()
    {
        var options = new IncidentGroupingOptions { MinSamples = 3, SimilarityRadius = 0.5, BurstGap = TimeSpan.Zero };
        const string main = "kafka: broker <*> connection refused while fetching metadata";
        const string similar = "kafka: broker <*> connection refused while sending metadata";
        var young = new IncidentGrouper(options);
        young.Assign([Line("a1", "h", T0, main), Line("a2", "h", T0.AddSeconds(1), similar)]);
        var grown = new IncidentGrouper(options);
        grown.Assign([Line("a1", "h", T0, main), Line("a2", "h", T0.AddSeconds(1), main), Line("a3", "h", T0.AddSeconds(2), main),
            Line("a4", "h", T0.AddSeconds(3), similar)]);

        Assert.Equal(2, young.Unresolved.Count);
        Assert.Equal(4, Assert.Single(grown.Unresolved).Count);
        Assert.True(IncidentSignature.Of(main).DistanceTo(IncidentSignature.Of(similar)) is > 0 and <= 0.5);
    }

    [Fact]
    public void A_template_beyond_the_radius_stays_apart_however_large_the_incident()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions { MinSamples = 1, SimilarityRadius = 0.5, BurstGap = TimeSpan.Zero });
        grouper.Assign([Line("a1", "h", T0, "kafka: broker <*> connection refused while fetching metadata"),
            Line("a2", "h", T0.AddSeconds(1), "kafka: consumer group rebalanced")]);

        Assert.Equal(2, grouper.Unresolved.Count);
    }

    [Fact]
    public void An_incident_longer_than_its_span_is_cut_where_the_span_ends()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions { QuietPeriod = TimeSpan.FromMinutes(30), MaxSpan = TimeSpan.FromHours(1) });
        var lines = Enumerable.Range(0, 13).Select(i => Line($"a{i}", "h", T0.AddMinutes(i * 10), "disk <*> full"));

        var result = grouper.Assign(lines);

        // Lines at 0..60 minutes make the first incident (7 lines), 70..120 the second (6).
        Assert.Equal([7L, 6L], result.Changes.Select(c => c.Incident.Count));
    }

    [Fact]
    public void An_id_given_twice_counts_once()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        var line = Line("a1", "h", T0, "disk <*> full");
        var result = grouper.Assign([line, line]);

        Assert.Equal(1, Assert.Single(result.Changes).Incident.Count);
    }

    [Fact]
    public void Acknowledged_incidents_keep_growing_and_resolved_ones_do_not()
    {
        var grouper = new IncidentGrouper(new IncidentGroupingOptions());
        const string template = "disk <*> full";
        var id = grouper.Assign([Line("a1", "h", T0, template)]).IncidentOf["a1"];
        var ack = grouper.Acknowledge(id, "alice", T0.AddMinutes(1))!;
        var grown = grouper.Assign([Line("a2", "h", T0.AddMinutes(2), template)]);
        var resolved = grouper.Resolve(id, "bob", T0.AddMinutes(3))!;
        var after = grouper.Assign([Line("a3", "h", T0.AddMinutes(4), template)]);

        Assert.Equal(IncidentState.Acknowledged, ack.Incident.State);
        Assert.Equal("alice", ack.Incident.AcknowledgedBy);
        Assert.Equal(IncidentChangeKind.Grown, Assert.Single(grown.Changes).Kind);
        Assert.Equal(id, grown.IncidentOf["a2"]);
        Assert.Equal(("bob", 2L), (resolved.Incident.ResolvedBy, resolved.Incident.Count));
        Assert.NotEqual(id, after.IncidentOf["a3"]);
        Assert.Null(grouper.Resolve(id, "bob", T0.AddMinutes(5)));
    }

    [Fact]
    public void A_grouper_rebuilt_from_stored_incidents_goes_on_with_them()
    {
        var first = new IncidentGrouper(new IncidentGroupingOptions());
        const string template = "disk <*> full";
        first.Assign([Line("a1", "h1", T0, template), Line("a2", "h1", T0.AddSeconds(1), template)]);
        var stored = first.Unresolved.Select(i => i.Snapshot()).ToList();

        var second = new IncidentGrouper(new IncidentGroupingOptions(), stored);
        var result = second.Assign([Line("a3", "h2", T0.AddSeconds(2), template)]);

        var change = Assert.Single(result.Changes);
        Assert.Equal((IncidentChangeKind.Grown, stored[0].Id, 3L), (change.Kind, change.Incident.Id, change.Incident.Count));
        Assert.Equal(["h1", "h2"], change.Incident.Hosts);
    }

    [Fact]
    public void Ids_are_stable_for_the_same_opening_anomaly()
    {
        Assert.Equal(IncidentIds.For("s", "disk full", "a1"), IncidentIds.For("s", "disk full", "a1"));
        Assert.NotEqual(IncidentIds.For("s", "disk full", "a1"), IncidentIds.For("s", "disk full", "a2"));
        Assert.Matches("^[0-9a-f]{16}$", IncidentIds.For("s", "disk full", "a1"));
    }

    [Fact]
    public void Bad_options_name_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentGrouper(new IncidentGroupingOptions { SimilarityRadius = 2 }));
        Assert.Contains("similarity radius", error.Message);
    }
}

using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Incidents;
using Lad.Grains.Management;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using OpenQA.Selenium;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Browser;

/// <summary>The operator console in a real headless Chromium against a silo with a detecting host and an incident:
/// every page loads, acknowledge and false positive change MongoDB, and a read token sees no button that changes
/// anything. Screenshots go to <see cref="HeadlessChromium.ScreenshotFolder"/>.</summary>
public class ConsoleBrowserTests(MongoServerFixture server)
{
    [Fact]
    public async Task EveryPageLoadsAcknowledgeAndFalsePositiveReachMongoAndAReaderSeesNoChangingButtons()
    {
        HeadlessChromium.SkipWhenAbsent();
        await using var running = await ConsoleSilo.StartAsync(server, "web");
        var (store, cluster, silo, web) = (running.Store, running.Cluster, running.Silo, running.Web);
        await Eventually.WaitAsync(
            () => silo.GetGrain<IHostDetectorGrain>(new HostKey(Network, "cumulus").ToGrainKey()).GetStatusAsync(),
            s => s.Phase == DetectorPhase.Detecting, ConsoleScenario.Wait, s => $"{s.Phase} {s.Reason}");
        await new ConsoleScenario(cluster, store).InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(2));
        var incidentId = (await Eventually.WaitAsync(
            () => silo.GetGrain<IIncidentQueryGrain>(0).ListAsync(new IncidentQuery(true, null, null, null, 10)),
            l => l.Count == 1, ConsoleScenario.Wait, l => $"{l.Count} open incidents"))[0].Id;
        var target = running.Target;
        var incidents = target.GetCollection<BsonDocument>(MongoIncidentStore.CollectionName);
        var feedback = target.GetCollection<BsonDocument>(MongoFeedbackStore.CollectionName);
        var console = new Uri(web.Http.BaseAddress!, "/console/");

        using var browser = HeadlessChromium.Start();
        var page = browser.Web;
        await page.Navigate().GoToUrlAsync(console);
        await SignInAsync(browser, TestTokens.Admin);

        // Overview: the host, detecting, with its open incident.
        await browser.WaitForAsync("main table tbody tr", r => r.Text.Contains("cumulus", StringComparison.Ordinal));
        var (rowText, openIncidents, spark) = browser.Stable(() =>
        {
            var row = browser.All("main table tbody tr").First(r => r.Text.Contains("cumulus", StringComparison.Ordinal));
            return (row.Text, row.FindElements(By.TagName("td"))[7].Text, row.FindElement(By.CssSelector("svg.spark")).GetDomAttribute("aria-label"));
        });
        Assert.Contains("detecting", rowText, StringComparison.Ordinal);
        Assert.Equal("1", openIncidents);
        Assert.Equal("2 anomalies in the last 24 hours, at most 2 in one hour", spark);
        Assert.Equal("ops (admin)", browser.Text("#who"));
        Assert.False(page.FindElement(By.Id("login")).Displayed);
        browser.Screenshot("overview");

        // Incidents: a timeline of the last 24 h whose bars filter the list to their hour; the list links the incident.
        await browser.ClickAsync("#nav-incidents");
        await browser.WaitForAsync($"a[href='#/incident/{incidentId}']");
        var (barCount, firstCount, lastCount) = browser.Stable(() =>
        {
            var bars = browser.All("#timeline a.bar");
            return (bars.Count, bars[0].GetDomAttribute("data-count"), bars[^1].GetDomAttribute("data-count"));
        });
        Assert.Equal((24, "0", "1"), (barCount, firstCount, lastCount));
        browser.Screenshot("incidents");
        await browser.ClickAsync("#timeline a.bar");
        await browser.WaitForAsync("main[data-loaded*='since='] table[aria-label='Incidents'] td.muted", e => e.Text == "none");
        // The hour's timeline has 5-minute bars.
        Assert.Equal(12, browser.All("#timeline a.bar").Count);
        await page.Navigate().GoToUrlAsync(new Uri(console, "#/incidents"));
        await browser.ClickAsync("main[data-loaded='#/incidents'] #timeline a.bar[data-count='1']");
        await browser.ClickAsync($"main[data-loaded*='since='] a[href='#/incident/{incidentId}']");
        await browser.WaitForAsync("#acknowledge");
        var (samples, contextBefore, hit) = browser.Stable(() => (
            browser.All(".sample").Count,
            browser.All(".sample")[0].FindElements(By.TagName("li")).TakeWhile(l => l.GetDomAttribute("class") == "context").Count(),
            browser.Text(".sample li.hit")));
        Assert.Equal((2, 3), (samples, contextBefore));
        Assert.Contains("kernel panic", hit, StringComparison.Ordinal);
        browser.Screenshot("incident");

        await browser.ClickAsync("#acknowledge");
        var acknowledged = await Eventually.WaitAsync(
            () => incidents.Find(Builders<BsonDocument>.Filter.Eq("_id", incidentId)).FirstAsync(),
            d => d["state"] == "acknowledged", ConsoleScenario.Wait, d => d.ToJson());
        Assert.Equal("ops", acknowledged["acknowledged_by"].AsString);
        await browser.WaitForAsync("#acknowledged", e => e.Text.StartsWith("by ops", StringComparison.Ordinal));
        Assert.Empty(browser.All("#acknowledge"));

        Assert.Equal("line", page.FindElement(By.Id("fb-scope")).GetDomProperty("value"));
        // A refresh may replace the form between finding the field and typing (a loaded CI run saw it go stale).
        await browser.TypeAsync("#fb-note", "maintenance window");
        await browser.ClickAsync("#false-positive");
        var given = await Eventually.WaitAsync(
            () => feedback.Find(Builders<BsonDocument>.Filter.Empty).ToListAsync(),
            l => l.Count == 2, ConsoleScenario.Wait, l => $"{l.Count} feedback records");
        Assert.All(given, f => Assert.Equal(("false_positive", "line", "ops", "maintenance window", "cumulus"),
            (f["verdict"].AsString, f["scope"].AsString, f["by"].AsString, f["note"].AsString, f["hostname"].AsString)));

        // The host's page: its model and the retrain button; the sources page: add and remove.
        await page.Navigate().GoToUrlAsync(new Uri(console, $"#/host/{Network}/cumulus"));
        await browser.WaitForAsync("#threshold");
        // Read in one go, again if a refresh replaced the page meanwhile.
        var hostPage = browser.Stable(() => (
            Threshold: browser.Text("#threshold"),
            Sessions: browser.Text("#sessions-held"),
            Retrain: browser.All("#retrain").Count,
            Recent: browser.All("main table[aria-label='Recent anomalies'] tbody tr").Count,
            Chart: browser.All("#anomaly-chart svg")[0].GetDomAttribute("aria-label"),
            Templates: browser.All("#model table[aria-label='Templates'] tbody tr")
                .Select(t => t.FindElements(By.TagName("td")))
                .Select(cells => (Count: cells[0].Text, Values: cells[3].Text))
                .ToList(),
            Title: browser.Text("#model-title")));
        Assert.Matches(@"^\d\.\d{3}( \(routine templates' lines: \d\.\d{3}\))?$", hostPage.Threshold);
        Assert.Equal("none (its source keys no sessions)", hostPage.Sessions);
        Assert.Equal(1, hostPage.Retrain);
        Assert.Equal(2, hostPage.Recent);
        Assert.Equal("2 anomalies in the last 24 hours, at most 2 in one hour", hostPage.Chart);
        // What the model learned: its 3 templates (34, 33 and 33 of the 100 history lines), each with its value places.
        Assert.Equal(["34", "33", "33"], hostPage.Templates.Select(t => t.Count));
        Assert.All(hostPage.Templates, t => Assert.Matches("parameter 1: (label|size|identifier)", t.Values));
        Assert.StartsWith("Model: default, 3 templates", hostPage.Title, StringComparison.Ordinal);
        browser.Screenshot("host");
        await browser.ClickAsync("#nav-sources");
        await browser.WaitForAsync("#add-hosts");
        Assert.Single(browser.All("main button.danger"));
        browser.Screenshot("sources");

        // A phone-sized window still shows the hosts.
        page.Manage().Window.Size = new System.Drawing.Size(390, 844);
        await browser.ClickAsync("#nav-overview");
        await browser.WaitForAsync("main table tbody tr", r => r.Text.Contains("cumulus", StringComparison.Ordinal));
        browser.Screenshot("overview-narrow");
        page.Manage().Window.Size = new System.Drawing.Size(1280, 900);

        // A reader sees every page and no button that changes anything.
        await browser.ClickAsync("#sign-out");
        await SignInAsync(browser, TestTokens.Reader);
        Assert.Equal("grafana (read)", (await browser.WaitForAsync("#who", e => e.Text.Length > 0)).Text);
        foreach (var (hash, loaded) in new[]
                 {
                     ($"#/incident/{incidentId}", "#reasons"),
                     ("#/incidents", "#timeline"),
                     ($"#/host/{Network}/cumulus", "#threshold"),
                     ("#/sources", "table[aria-label='Hosts per source']"),
                     ("#/overview", "table[aria-label='Hosts']"),
                 })
        {
            await page.Navigate().GoToUrlAsync(new Uri(console, hash));
            await browser.WaitForAsync($"main[data-loaded='{hash}'] {loaded}");
            // Paging and the filters only read.
            Assert.Empty(browser.All("main button:not(#prev-page):not(#next-page):not(#apply-filters), main form:not(.filters)"));
        }

        browser.Screenshot("overview-reader");
    }

    private static async Task SignInAsync(HeadlessChromium browser, string token)
    {
        var field = await browser.WaitForAsync("#token", e => e.Displayed);
        field.SendKeys(token);
        field.SendKeys(Keys.Enter);
        await browser.WaitForAsync("main[data-loaded]", e => e.Displayed);
    }
}

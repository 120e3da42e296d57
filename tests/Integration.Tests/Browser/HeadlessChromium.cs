using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Lad.Integration.Tests.Browser;

/// <summary>A real headless Chromium driven over WebDriver (Debian's <c>chromium</c> and <c>chromium-driver</c>), which
/// saves screenshots to the test output folder; tests skip when either program is missing.</summary>
internal sealed class HeadlessChromium : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    private HeadlessChromium(ChromeDriver driver) => Web = driver;

    /// <summary>The driven browser.</summary>
    public ChromeDriver Web { get; }

    /// <summary>Where screenshots go: <c>screenshots</c> beside the test assembly.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Skips the calling test, naming what to install, when Chromium or its driver is absent.</summary>
    public static void SkipWhenAbsent()
    {
        var missing = new[] { Browser, Driver }.Where(p => !File.Exists(p)).ToList();
        Assert.SkipWhen(missing.Count > 0,
            $"headless browser tests need Chromium and its WebDriver: {string.Join(" and ", missing)} missing (apt-get install chromium chromium-driver; .ci/run does it as root)");
    }

    /// <summary>Starts Chromium headless with a laptop-sized window.</summary>
    public static HeadlessChromium Start()
    {
        var options = new ChromeOptions { BinaryLocation = Browser };
        // No sandbox and no /dev/shm: containers and CI runners as root have neither.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    /// <summary>Saves the page as <c>name.png</c> in <see cref="ScreenshotFolder"/> and returns the path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        Web.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>The elements matching <paramref name="css"/> now (none is an empty list, never an exception).</summary>
    public IReadOnlyList<IWebElement> All(string css) => Web.FindElements(By.CssSelector(css));

    /// <summary>Waits until <paramref name="css"/> matches an element and returns the first.</summary>
    public async Task<IWebElement> WaitForAsync(string css, Func<IWebElement, bool>? condition = null) =>
        (await Daemon.Eventually.WaitAsync(
            () => Task.FromResult(Find(css, condition)),
            e => e is not null,
            TimeSpan.FromSeconds(60),
            _ => $"no element '{css}'{(condition is null ? "" : " in the expected state")} on {Web.Url}: {Text("body")}"))!;

    // A poll re-renders the page, so an element found a moment ago may be gone: that is "not yet", not a failure.
    private IWebElement? Find(string css, Func<IWebElement, bool>? condition)
    {
        try
        {
            return All(css).FirstOrDefault(e => condition is null || condition(e));
        }
        catch (StaleElementReferenceException)
        {
            return null;
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> (which finds its elements itself) again when a poll re-rendered the page under it
    /// and an element it held went stale, up to ten times: the page's 10 s refresh replaces what a test is reading.
    /// </summary>
    public T Stable<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (StaleElementReferenceException) when (attempt < 10)
            {
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="css"/> to match an element (in the state <paramref name="condition"/> asks for) and
    /// clicks it, finding it again when a poll re-rendered the page between finding and clicking.
    /// </summary>
    public Task ClickAsync(string css, Func<IWebElement, bool>? condition = null) => OnFreshAsync(css, condition, e => e.Click());

    /// <summary>
    /// Waits for <paramref name="css"/> to match an element and types <paramref name="text"/> into it, finding it again
    /// when a poll re-rendered the page before typing began (once a field has the focus, the page keeps it).
    /// </summary>
    public Task TypeAsync(string css, string text) => OnFreshAsync(css, null, e => e.SendKeys(text));

    private async Task OnFreshAsync(string css, Func<IWebElement, bool>? condition, Action<IWebElement> act)
    {
        for (var attempt = 1; ; attempt++)
        {
            var element = await WaitForAsync(css, condition);
            try
            {
                act(element);
                return;
            }
            catch (StaleElementReferenceException) when (attempt < 10)
            {
            }
        }
    }

    /// <summary>The visible text of the first element matching <paramref name="css"/>, or empty.</summary>
    public string Text(string css) => All(css).FirstOrDefault()?.Text ?? "";

    /// <inheritdoc />
    public void Dispose()
    {
        Web.Quit();
        Web.Dispose();
    }
}

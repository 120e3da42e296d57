using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A Java application server's log: requests served by a pool of 40 worker threads named by number, and a handled
/// timeout, retried, that names the worker it happened on. Training sees the retry in about 2% of lines and most of
/// the pool's names there, but not all: a name it never saw is routine on this host, not news.
/// </summary>
public class AppServerHostTests
{
    [Fact]
    public void AWorkerNameThePoolHadNotShownYetIsNoAlarmWhileRealFaultsAre()
    {
        var random = new Random(9);
        var history = Enumerable.Range(0, 4000).Select(_ => Normal(random)).ToList();
        var run = HostRun.Of(history, HostRun.Planted(4000, 400, () => Normal(random), k => Fault(random, k)));

        var retriesOnNewWorkers = run.Lines.Count(f => f.Line.Message.Contains("retrying", StringComparison.Ordinal)
            && !history.Any(h => h.Message == f.Line.Message));
        Assert.True(retriesOnNewWorkers >= 5, $"only {retriesOnNewWorkers} retries named a worker training never saw there");
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
        Assert.All(run.Lines.Where(f => f.Fault), f => Assert.True(f.Flagged, f.Line.Message));
    }

    private static LogRecord Normal(Random random)
    {
        var worker = $"http-nio-8080-exec-{random.Next(1, 41)}";
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.5 => new LogRecord($"java[812]: [{worker}] OrderController : GET /orders/{random.Next(1, 99999)} completed 200 in {random.Next(2, 400)} ms", "INFO"),
            < 0.7 => new LogRecord($"java[812]: [{worker}] CartService : cart {random.Next(1, 99999)} updated with {random.Next(1, 10)} items", "INFO"),
            < 0.8 => new LogRecord($"java[812]: [scheduling-1] CleanupJob : removed {random.Next(0, 300)} expired sessions", "DEBUG"),
            < 0.98 => new LogRecord($"java[812]: [{worker}] OrderController : order {random.Next(1, 99999)} not found", "WARN"),
            _ => new LogRecord($"java[812]: [{worker}] PaymentClient : retrying payment call: java.net.SocketTimeoutException: Read timed out", "WARN"),
        };
    }

    private static LogRecord Fault(Random random, int index) => (index % 3) switch
    {
        0 => new LogRecord("java[812]: [http-nio-8080-exec-7] dispatcherServlet : Servlet.service() threw exception: java.lang.OutOfMemoryError: Java heap space", "ERROR"),
        1 => new LogRecord("java[812]: [http-nio-8080-exec-3] HikariPool : HikariPool-1 - Connection is not available, request timed out after 30000ms.", "ERROR"),
        _ => new LogRecord($"java[812]: [http-nio-8080-exec-{random.Next(1, 41)}] OrderService : failed to persist order {random.Next(1, 99999)}: DataIntegrityViolationException: constraint [orders_pkey]", "ERROR"),
    };
}

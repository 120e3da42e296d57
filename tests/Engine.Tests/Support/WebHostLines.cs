using Lad.Engine.Source;

namespace Lad.Engine.Tests.Support;

/// <summary>A small web host's routine: cron, key logins, page requests and sessions, in turn, all at INFO.</summary>
internal static class WebHostLines
{
    /// <summary>The host's <paramref name="i"/>-th routine line (its numbers vary with <paramref name="i"/> within small ranges).</summary>
    public static LogRecord Routine(int i) => (i % 4) switch
    {
        0 => new LogRecord("cron[311]: (root) CMD (run-parts /etc/cron.hourly)", "INFO", "web-1"),
        1 => new LogRecord($"sshd[{2000 + (i % 7)}]: Accepted publickey for deploy from 10.0.0.{i % 5} port 22", "INFO", "web-1"),
        2 => new LogRecord($"nginx[80]: GET /index.html 200 {500 + (i % 40)}", "INFO", "web-1"),
        _ => new LogRecord($"systemd[1]: Started session {i % 9} of user deploy.", "INFO", "web-1"),
    };
}

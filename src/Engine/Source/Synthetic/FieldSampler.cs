using System.Globalization;
using System.Text;

namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// Fills a template's <c>{field}</c> placeholders with plausible values from one host's pools (its users, its
/// clients' addresses) and one random source, so the output depends only on the seed.
/// </summary>
internal sealed class FieldSampler
{
    private static readonly string[] AllUsers = ["alice", "bob", "deploy", "backup", "carol", "ci", "svc-app"];

    private static readonly Dictionary<string, string[]> Categorical = new(StringComparer.Ordinal)
    {
        ["script"] = ["rotate-logs", "sync-mirror", "report", "cleanup-tmp"],
        ["unit"] = ["nginx.service", "cron.service", "logrotate.service", "apt-daily.service", "fstrim.service"],
        ["method"] = ["GET", "GET", "GET", "POST", "PUT"],
        ["status"] = ["200", "200", "200", "200", "200", "201", "204", "304", "404"],
        ["agent"] = ["curl/8.5.0", "Mozilla/5.0", "kube-probe/1.29"],
        ["table"] = ["orders", "customers", "invoices"],
        ["dbuser"] = ["app", "reporting"],
        ["db"] = ["orders", "billing"],
        ["profile"] = ["snap.lxd", "docker-default", "/usr/sbin/ntpd"],
        ["path"] = ["/var/lib/postgresql", "/etc", "/home", "/srv/data"],
        ["health"] = ["healthy"],
        ["image"] = ["orders-api", "nginx", "redis"],
        ["tag"] = ["1.4.2", "latest", "7.2"],
        ["proc"] = ["java", "python3", "node"],
    };

    /// <summary>Values never written normally; a template with such a field can carry an abnormal parameter.</summary>
    private static readonly Dictionary<string, string[]> Abnormal = new(StringComparer.Ordinal)
    {
        ["user"] = ["root", "admin", "oracle"],
        ["unit"] = ["xmrig.service", "kworker-upd.service"],
        ["status"] = ["500", "502", "503"],
        ["db"] = ["template1"],
        ["health"] = ["unhealthy"],
        ["table"] = ["pg_authid"],
    };

    private static readonly string[] Urls = ["/api/orders", "/api/orders/{id}", "/health", "/static/app.js", "/api/customers/{id}", "/login"];

    private static readonly string[] Sections = ["shop", "blog", "docs", "account", "promo"];
    private static readonly string[] Browsers = ["Firefox", "Chrome", "Safari", "Edg"];
    private static readonly string[] Platforms = ["Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "Macintosh; Intel Mac OS X 14_2", "iPhone; CPU iPhone OS 17_1"];

    private readonly Random _random;
    private readonly string[] _users;
    private readonly string[] _clients;
    private readonly List<string> _freshUrls = [];
    private readonly List<string> _freshAgents = [];
    private int _freshGeneration;

    public FieldSampler(Random random)
    {
        _random = random;
        _users = AllUsers.OrderBy(_ => random.Next()).Take(3 + random.Next(2)).ToArray();
        _clients = Enumerable.Range(0, 40)
            .Select(_ => $"10.{random.Next(0, 4)}.{random.Next(0, 256)}.{random.Next(1, 255)}")
            .ToArray();
    }

    /// <summary>
    /// A web site's normal churn: <paramref name="count"/> new pages and <paramref name="count"/> new browser versions
    /// appear, and from now on half of all requests go to pages and agents that appeared this way (newest most often).
    /// </summary>
    public void AddFreshWebValues(int count)
    {
        _freshGeneration++;
        for (var i = 0; i < count; i++)
        {
            _freshUrls.Add($"/{Pick(Sections)}/{Pick(AllUsers)}-{_freshGeneration}-{i}/{Pick(["reviews", "photos", "share", "print"])}");
            _freshAgents.Add($"Mozilla/5.0 ({Pick(Platforms)}) {Pick(Browsers)}/{100 + _freshGeneration}.{i}");
        }
    }

    /// <summary>True when <paramref name="field"/> has values that never occur normally.</summary>
    public static bool HasAbnormalValues(string field) => Abnormal.ContainsKey(field);

    /// <summary>The placeholder names in <paramref name="format"/>, in order.</summary>
    public static IEnumerable<string> FieldsOf(string format)
    {
        var start = -1;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '{')
            {
                start = i;
            }
            else if (format[i] == '}' && start >= 0)
            {
                yield return format[(start + 1)..i];
                start = -1;
            }
        }
    }

    /// <summary>Fills every placeholder; <paramref name="abnormalField"/>, when given, gets a never-normal value.</summary>
    public string Render(string format, string? abnormalField = null)
    {
        var text = new StringBuilder(format.Length + 32);
        var i = 0;
        while (i < format.Length)
        {
            var open = format.IndexOf('{', i);
            var close = open < 0 ? -1 : format.IndexOf('}', open);
            if (close < 0)
            {
                text.Append(format, i, format.Length - i);
                break;
            }

            text.Append(format, i, open - i);
            var field = format[(open + 1)..close];
            text.Append(field == abnormalField ? Pick(Abnormal[field]) : Value(field));
            i = close + 1;
        }

        return text.ToString();
    }

    private string Value(string field) => field switch
    {
        "user" => Pick(_users),
        "ip" => Pick(_clients),
        "port" => Int(1024, 65535),
        "pid" => Int(1000, 40000),
        "uid" => Int(1000, 1010),
        "secs" => (_random.NextDouble() * 30).ToString("0.000", CultureInfo.InvariantCulture),
        "url" when _freshUrls.Count > 0 && _random.Next(2) == 0 => Recent(_freshUrls),
        "agent" when _freshAgents.Count > 0 && _random.Next(2) == 0 => Recent(_freshAgents),
        "url" => Pick(Urls).Replace("{id}", Int(1, 99999), StringComparison.Ordinal),
        "bytes" => Int(100, 900_000),
        "ms" => Int(1, 900),
        "count" => Int(10, 100_000),
        "small" => Int(0, 20),
        "pct" => (_random.NextDouble() * 10).ToString("0.0", CultureInfo.InvariantCulture),
        "duration" => $"0:00:{_random.Next(0, 60):00}.{_random.Next(0, 1000):000}",
        "uptime" => (1000 + _random.NextDouble() * 900_000).ToString("0.000000", CultureInfo.InvariantCulture),
        "epoch" => Int(1_764_000_000, 1_764_900_000),
        "reqid" => $"{Hex(8)}-{Hex(4)}",
        "cid" => Hex(12),
        "hex" => "0x" + Hex(12),
        _ when Categorical.TryGetValue(field, out var values) => Pick(values),
        _ => throw new InvalidOperationException($"synthetic template uses unknown field '{field}'"),
    };

    private string Int(int min, int max) => _random.Next(min, max + 1).ToString(CultureInfo.InvariantCulture);

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    /// <summary>One of the values, the later ones more likely (new pages and browsers draw the traffic).</summary>
    private string Recent(List<string> values) => values[(int)Math.Floor(values.Count * Math.Sqrt(_random.NextDouble()))];

    private string Hex(int digits)
    {
        Span<char> chars = stackalloc char[digits];
        for (var i = 0; i < digits; i++)
        {
            chars[i] = "0123456789abcdef"[_random.Next(16)];
        }

        return new string(chars);
    }
}

#!/usr/bin/env python3
"""A public web server's syslog, with faults planted after its history, for `lad eval` (bgl format, labelled).

The host is shaped on what real small sites send (see the shared notes on real syslog): nginx access lines for a
shop whose catalogue keeps growing (new product and blog paths every hour), browsers, crawlers and scripts as
clients, scanners probing for paths the site does not have (404s, and an nginx error line for each, at ERROR: the
host's routine errors), sshd's rejected logins, systemd, cron and an application server's own noise. Each message
keeps its syslog priority and header; the level given to `lad eval` is the one that priority names.

After --history routine lines come --scored lines with faults planted among them, each labelled: upstream timeouts
and refusals with their 502/504 answers, a 500 on a routine page, a TLS failure, a worker's crash, a full disk, the
kernel killing the application, its unit failing, the clock jumping, and a root login. A fault is one to a few lines.

Each line is written as `lad eval --format bgl` reads it: the label ("-" normal, "APPSEV" a planted fault), then the
BGL fields, then the level and the whole syslog message. Train on the history with
`--train-fraction` = history / (history + scored + planted lines), as scripts/site-hosts.sh does.
"""
import argparse
import random

from bgl_lines import print_lines

WORDS = ("red blue green summer winter sale shoes jacket coffee table lamp garden kitchen travel guide review best new "
         "classic vintage modern cotton wool leather bag hat ring watch phone case cable charger book music film recipe "
         "cake bread pasta salad soup tea").split()
PROBES = ["/wp-login.php", "/.env", "/boaform/admin/formLogin", "/cgi-bin/luci/;stok=/locale",
          "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/.git/config", "/admin/config.php", "/HNAP1/",
          "/actuator/health", "/phpmyadmin/index.php", "/solr/admin/info/system", "/owa/auth/logon.aspx", "/xmlrpc.php",
          "/wp-content/plugins/{}/readme.txt"]


class WebHost:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.clock = 0
        self.slugs = [self.new_slug() for _ in range(60)]

    def new_slug(self):
        r = self.r
        slug = "-".join(r.sample(WORDS, r.randint(2, 4)))
        return slug + ("-%d" % r.randint(1, 999) if r.random() < 0.3 else "")

    def ip(self):
        r = self.r
        return "%d.%d.%d.%d" % (r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))

    def agent(self):
        r = self.r
        k = r.random()
        if k < 0.55:
            platform = r.choice(["Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "Macintosh; Intel Mac OS X 10_15_7",
                                 "iPhone; CPU iPhone OS 17_%d like Mac OS X" % r.randint(0, 6),
                                 "Linux; Android %d; SM-G%d" % (r.randint(10, 14), r.randint(900, 999))])
            return "Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36" % (
                platform, r.randint(100, 131), r.randint(1000, 6999), r.randint(10, 200))
        if k < 0.7:
            version = r.randint(110, 133)
            return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (version, version)
        if k < 0.8:
            return r.choice(["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                             "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                             "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
                             "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"])
        if k < 0.9:
            return r.choice(["curl/7.%d.0" % r.randint(58, 88), "Go-http-client/1.1",
                             "python-requests/2.%d.0" % r.randint(20, 32), "Wget/1.21.%d" % r.randint(1, 4)])
        return r.choice(["Mozilla/5.0 zgrab/0.x", "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
                         "Mozilla/5.0 (l9explore/1.2.2)", "-",
                         "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day"])

    def probe(self):
        path = self.r.choice(PROBES)
        return path.format(self.r.choice(WORDS)) if "{}" in path else path

    def header(self, priority, program):
        """The syslog header of the next line, and its time as nginx writes it."""
        self.clock += self.r.randint(0, 4)
        s = self.clock
        day, hour, minute, second = 1 + s // 86400, (s // 3600) % 24, (s // 60) % 60, s % 60
        return ("<%d>Nov %2d %02d:%02d:%02d web-01 %s" % (priority, day, hour, minute, second, program),
                "%d/Nov/2024:%02d:%02d:%02d +0300" % (day, hour, minute, second),
                "2024/11/%02d %02d:%02d:%02d" % (day, hour, minute, second))

    def access(self, status=None, path=None, size=None):
        r = self.r
        head, stamp, _ = self.header(158, "nginx-access")
        if path is None:
            k = r.random()
            if k < 0.25:
                path = r.choice(["/", "/shop", "/blog", "/about", "/contact", "/cart"])
            elif k < 0.5:
                path = "/shop/" + r.choice(self.slugs)
            elif k < 0.62:
                path = "/blog/2024/" + r.choice(self.slugs)
            elif k < 0.75:
                path = "/static/%s/%s.%08x.%s" % (r.choice(["js", "css"]), r.choice(["app", "vendor", "main"]),
                                                   r.getrandbits(32), r.choice(["js", "css"]))
            elif k < 0.85:
                path = "/api/products?id=%d&page=%d" % (r.randint(1, 5000), r.randint(1, 20))
            elif k < 0.93:
                path = "/images/%s.%s" % (r.choice(self.slugs), r.choice(["jpg", "png", "webp"]))
            else:
                path = self.probe()
                status = 404
        if status is None:
            status = r.choice([200] * 12 + [304, 304, 301, 206])
        if size is None:
            size = r.randint(150, 90000) if status in (200, 206) else r.choice([0, 162, 169, 548, 555])
        method = "GET" if r.random() < 0.9 else r.choice(["POST", "HEAD"])
        referrer = "-" if r.random() < 0.6 else "https://shop.example.com/" + r.choice(["", "shop", "blog/2024/" + r.choice(self.slugs)])
        return '%s %s - - [%s] "%s %s HTTP/%s" %d %d "%s" "%s"' % (
            head, self.ip(), stamp, method, path, r.choice(["1.1", "1.1", "2.0"]), status, size, referrer, self.agent())

    def error(self, text, priority=155, level="error"):
        head, _, stamp = self.header(priority, "nginx-error")
        worker = self.r.randint(1000, 1100)
        return "%s %s [%s] %d#%d: *%d %s" % (head, stamp, level, worker, worker, self.r.randint(1, 999999), text)

    def probe_error(self):
        path, client = self.probe(), self.ip()
        return self.error('open() "/usr/share/nginx/html%s" failed (2: No such file or directory), client: %s, server: '
                          'shop.example.com, request: "GET %s HTTP/1.1", host: "shop.example.com"' % (path, client, path))

    def other(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            return self.header(30, "systemd[1]")[0] + ": " + r.choice([
                "Starting Daily apt download activities...", "Finished Daily apt download activities.",
                "Starting Rotate log files...", "logrotate.service: Deactivated successfully.", "Finished Rotate log files.",
                "Started Session %d of User deploy." % r.randint(100, 9999)])
        if k < 0.6:
            user, port = r.choice(["root", "admin", "test", "ubuntu", "oracle", "user", "git", "postgres"]), r.randint(1024, 65535)
            return self.header(86, "sshd[%d]" % r.randint(1000, 60000))[0] + ": " + r.choice([
                "Invalid user %s from %s port %d" % (user, self.ip(), port),
                "Connection closed by invalid user %s %s port %d [preauth]" % (user, self.ip(), port),
                "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (self.ip(), port),
                "Disconnected from authenticating user root %s port %d [preauth]" % (self.ip(), port)])
        if k < 0.8:
            return self.header(78, "CRON[%d]" % r.randint(1000, 60000))[0] + ": (root) CMD (/usr/local/bin/backup.sh >/dev/null 2>&1)"
        return self.header(158, "gunicorn[%d]" % r.randint(1000, 2000))[0] + ": " + r.choice([
            "[INFO] Booting worker with pid: %d" % r.randint(1000, 60000),
            "Exception ignored in: <function _removeHandlerRef at 0x7f%010x>" % r.getrandbits(40),
            "[WARNING] Worker with pid %d was terminated due to signal 9" % r.randint(1000, 60000)])

    def routine(self):
        k = self.r.random()
        return self.access() if k < 0.85 else self.probe_error() if k < 0.93 else self.other()

    def fault(self, kind):
        r = self.r
        slug = r.choice(self.slugs)
        if kind == 0:
            return [self.error('upstream timed out (110: Connection timed out) while reading response header from upstream, '
                               'client: %s, server: shop.example.com, request: "GET /shop/%s HTTP/1.1", upstream: '
                               '"http://127.0.0.1:8000/shop/%s", host: "shop.example.com"' % (self.ip(), slug, slug))] + \
                   [self.access(504, "/shop/" + r.choice(self.slugs), 562) for _ in range(3)]
        if kind == 1:
            return [self.error('connect() failed (111: Connection refused) while connecting to upstream, client: %s, server: '
                               'shop.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: '
                               '"shop.example.com"' % self.ip())] + [self.access(502, "/", 552) for _ in range(3)]
        if kind == 2:
            return [self.error('SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while '
                               'SSL handshaking to upstream, client: %s, server: shop.example.com' % self.ip(), priority=154)]
        if kind == 3:
            return [self.error("worker process %d exited on signal 11 (core dumped)" % r.randint(1000, 1100), priority=154, level="alert")]
        if kind == 4:
            return [self.error('pwrite() "/var/cache/nginx/proxy_temp/3/04/00000000%02d" failed (28: No space left on device) '
                               'while reading upstream, client: %s' % (r.randint(10, 99), self.ip()), priority=154)]
        if kind == 5:
            return [self.access(500, "/cart", r.randint(500, 700)) for _ in range(2)]
        if kind == 6:
            return [self.header(131, "kernel")[0] + ": [%d.%06d] Out of memory: Killed process %d (gunicorn) total-vm:%dkB, anon-rss:%dkB" % (
                r.randint(100000, 999999), r.randint(0, 999999), r.randint(1000, 9999), r.randint(10 ** 6, 4 * 10 ** 6), r.randint(10 ** 6, 3 * 10 ** 6))]
        if kind == 7:
            return [self.header(131, "systemd[1]")[0] + ": gunicorn.service: Main process exited, code=killed, status=9/KILL",
                    self.header(131, "systemd[1]")[0] + ": gunicorn.service: Failed with result 'signal'."]
        if kind == 8:
            return [self.header(27, "chronyd[612]")[0] + ": System clock wrong by %d.%06d seconds" % (r.randint(600, 7200), r.randint(0, 999999))]
        return [self.header(83, "sshd[%d]" % r.randint(1000, 60000))[0] + ": Accepted password for root from %s port %d ssh2" % (
            self.ip(), r.randint(1024, 65535))]


FAULT_KINDS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history", type=int, default=20000, help="routine lines before the scored part")
    parser.add_argument("--scored", type=int, default=5000, help="routine lines of the scored part, faults planted among them")
    parser.add_argument("--growth", type=int, default=1,
                        help="new catalogue paths per 300 lines in the scored part (the history gets one)")
    args = parser.parse_args()

    host = WebHost(args.seed)
    lines = []
    for i in range(args.history):
        if i % 300 == 0:
            host.slugs.append(host.new_slug())
        lines.append((host.routine(), False))
    # Each kind twice, at random places of the scored part.
    planted = sorted(host.r.sample(range(args.scored), 2 * FAULT_KINDS))
    next_fault = 0
    for i in range(args.scored):
        if i % 300 == 0:
            host.slugs.extend(host.new_slug() for _ in range(args.growth))
        lines.append((host.routine(), False))
        if next_fault < len(planted) and i == planted[next_fault]:
            lines.extend((line, True) for line in host.fault(next_fault % FAULT_KINDS))
            next_fault += 1
    print_lines(lines, "web-01")


if __name__ == "__main__":
    main()

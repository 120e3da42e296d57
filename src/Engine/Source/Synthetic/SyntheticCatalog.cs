namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// The programs and messages synthetic hosts draw from. Every host runs the <see cref="Core"/> programs and some
/// <see cref="Optional"/> ones; rare warnings with failure words are part of normal life on purpose, so a detector
/// cannot simply flag every line that says "failed".
/// </summary>
internal static class SyntheticCatalog
{
    public static readonly IReadOnlyList<ProgramProfile> Core =
    [
        new("sshd", true,
        [
            new("INFO", "Accepted publickey for {user} from {ip} port {port} ssh2", 30),
            new("INFO", "Disconnected from user {user} {ip} port {port}", 28),
            new("INFO", "pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)", 28),
            new("WARN", "Failed password for {user} from {ip} port {port} ssh2", 4),
        ]),
        new("cron", true,
        [
            new("INFO", "({user}) CMD (/usr/local/bin/{script}.sh)", 40),
            new("INFO", "pam_unix(cron:session): session closed for user {user}", 35),
        ]),
        new("systemd", false,
        [
            new("INFO", "Started {unit}.", 10),
            new("INFO", "Stopping {unit}...", 4),
            new("INFO", "{unit}: Deactivated successfully.", 8),
            new("INFO", "{unit}: Consumed {secs}s CPU time.", 6),
        ]),
    ];

    public static readonly IReadOnlyList<ProgramProfile> Optional =
    [
        new("nginx", false,
        [
            new("INFO", "{ip} - - \"{method} {url} HTTP/1.1\" {status} {bytes} \"-\" \"{agent}\"", 80),
            new("WARN", "an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/{small}/{count} while reading upstream", 2),
            new("WARN", "upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip}", 2),
        ]),
        new("orders-api", false,
        [
            new("INFO", "request {reqid} {method} {url} completed status={status} in {ms} ms", 60),
            new("INFO", "cache refresh finished: {count} entries in {ms} ms", 5),
            new("DEBUG", "db pool stats active={small} idle={small} waiting=0", 10),
            new("WARN", "slow query took {ms} ms on table {table}", 3),
        ]),
        new("postgres", false,
        [
            new("INFO", "checkpoint starting: time", 6),
            new("INFO", "checkpoint complete: wrote {count} buffers ({pct}%); {small} WAL file(s) added", 6),
            new("INFO", "connection authorized: user={dbuser} database={db}", 20),
            new("INFO", "disconnection: session time: {duration} user={dbuser} database={db} host={ip} port={port}", 18),
            new("WARN", "could not receive data from client: Connection reset by peer", 3),
        ]),
        new("kernel", false,
        [
            new("INFO", "[{uptime}] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None", 1),
            new("INFO", "[{uptime}] audit: type=1400 audit({epoch}.{small}:{count}): apparmor=\"STATUS\" operation=\"profile_replace\" name=\"{profile}\"", 3),
            new("INFO", "[{uptime}] IPv4: martian source {ip} from {ip}, on dev eth0", 1),
        ]),
        new("backup", false,
        [
            new("INFO", "backup of {path} finished: {bytes} bytes in {secs}s", 5),
            new("INFO", "pruned {small} old archives from {path}", 3),
        ]),
        new("dockerd", false,
        [
            new("INFO", "container {cid} health status: {health}", 20),
            new("INFO", "image pull complete for registry.local/{image}:{tag}", 2),
        ]),
    ];

    /// <summary>Errors no host writes normally; injected as <see cref="SyntheticAnomalyKind.UnseenError"/>.</summary>
    public static readonly IReadOnlyList<(string Program, MessageTemplate Template)> UnseenErrors =
    [
        ("kernel", new("ERROR", "[{uptime}] segfault at {hex} ip {hex} sp {hex} error 4 in libc.so.6", 1)),
        ("kernel", new("CRIT", "[{uptime}] Out of memory: Killed process {pid} ({proc}) total-vm:{count}kB", 1)),
        ("kernel", new("ERROR", "[{uptime}] blk_update_request: I/O error, dev sda, sector {count} op 0x0:(READ)", 1)),
        ("kernel", new("ERROR", "[{uptime}] EXT4-fs error (device sda1): ext4_find_entry: inode #{count}: reading directory lblock 0", 1)),
        ("orders-api", new("ERROR", "could not connect to database: connection refused after {small} retries", 1)),
        ("orders-api", new("ERROR", "unhandled exception System.NullReferenceException in OrderService.Submit", 1)),
        ("nginx", new("ERROR", "SSL_do_handshake() failed (SSL: error:0A000086:certificate verify failed) while SSL handshaking to upstream, client: {ip}", 2)),
        ("backup", new("ERROR", "disk quota exceeded while writing {path}/archive-{count}.tar", 1)),
        ("agent", new("CRIT", "panic: runtime error: index out of range [{small}] with length {small}", 1)),
        ("postgres", new("CRIT", "PANIC: could not write to file \"pg_wal/xlogtemp.{pid}\": No space left on device", 1)),
    ];
}

using System.Globalization;
using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A network switch's syslog, a kind of host the generator does not make: Cisco-style messages whose facility, severity
/// and mnemonic are one token (<c>%LINK-3-UPDOWN</c>), interface names with slashes and digits, 802.1X sessions named by
/// MAC addresses and 24-digit hex ids, logins from a few addresses.
/// </summary>
public class SwitchHostTests
{
    private static readonly string[] Ports = [.. Enumerable.Range(1, 48).Select(i => $"GigabitEthernet1/0/{i}")];
    private static readonly string[] Users = ["admin", "netops", "backup"];

    [Fact]
    public void ASwitchsFaultsAreHeardAndItsRoutineFlapsAndSessionsAreNot()
    {
        var random = new Random(3);
        var history = Enumerable.Range(0, 2000).Select(i => Normal(random, i)).ToList();
        var test = new List<(LogRecord Line, bool Fault)>();
        for (var i = 2000; i < 4000; i++)
        {
            test.Add(i % 120 == 0 ? (Fault(random, test.Count(t => t.Fault)), true) : (Normal(random, i), false));
        }

        var run = HostRun.Of(history, test);

        // A link going down on a port the history never used is a new value among 30 ports: weak news, not asserted.
        var missed = run.Lines.Where(f => f.Fault && !f.Flagged && !f.Line.Message.StartsWith("%LINK-3-UPDOWN", StringComparison.Ordinal))
            .Select(f => f.Line.Message).ToList();
        Assert.Equal(17, run.Lines.Count(f => f.Fault));
        Assert.True(run.FalseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, string.Join("\n", run.FalseAlarms));
        Assert.True(missed.Count == 0, string.Join("\n", missed));
    }

    private static LogRecord Normal(Random random, int i)
    {
        var port = Ports[random.Next(30)];
        var from = $"10.0.{random.Next(4)}.{random.Next(2, 251)}";
        var user = Users[random.Next(Users.Length)];
        var roll = random.NextDouble();
        var message = roll switch
        {
            < 0.25 => $"%LINK-3-UPDOWN: Interface {port}, changed state to {(random.Next(2) == 0 ? "up" : "down")}",
            < 0.5 => $"%LINEPROTO-5-UPDOWN: Line protocol on Interface {port}, changed state to {(random.Next(2) == 0 ? "up" : "down")}",
            < 0.6 => $"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 ({from})",
            < 0.7 => $"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {user}] [Source: {from}] [localport: 22] at {Clock(i)}",
            < 0.8 => $"%DOT1X-5-SUCCESS: Authentication successful for client ({Mac(random)}) on Interface {port} AuditSessionID {random.NextInt64():X16}{random.Next():X8}",
            < 0.9 => $"%ILPOWER-5-POWER_GRANTED: Interface {port}: Power granted",
            _ => $"%SSH-5-SSH2_SESSION: SSH2 Session request from {from} (tty = 0) using crypto cipher 'aes256-ctr', hmac 'hmac-sha2-256' Succeeded",
        };
        return new LogRecord(message, null, "sw1");
    }

    /// <summary>The <paramref name="index"/>-th fault, the kinds in turn.</summary>
    private static LogRecord Fault(Random random, int index)
    {
        var port = Ports[random.Next(30)];
        var message = (index % 8) switch
        {
            0 => $"%PM-4-ERR_DISABLE: bpduguard error detected on {port}, putting {port} in err-disable state",
            1 => $"%SPANTREE-2-LOOPGUARD_BLOCK: Loop guard blocking port {port} on VLAN0020.",
            2 => $"%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: root] [Source: 185.220.101.{random.Next(1, 251)}] [localport: 22] [Reason: Login Authentication Failed] at 10:11:12",
            3 => "%PLATFORM_ENV-1-FAN: Faulty fan detected",
            4 => $"%SW_MATM-4-MACFLAP_NOTIF: Host {Mac(random)} in vlan 20 is flapping between port {port} and port {Ports[random.Next(48)]}",
            5 => $"%LINK-3-UPDOWN: Interface {Ports[40 + random.Next(8)]}, changed state to down",
            6 => "%SYS-5-CONFIG_I: Configured from console by intruder on vty0 (185.220.101.7)",
            _ => $"%STORM_CONTROL-3-FILTERED: A packet storm was detected on {port}. A packet filter action has been applied on the interface.",
        };
        return new LogRecord(message, null, "sw1");
    }

    private static string Mac(Random random) => $"{random.Next(0x10000):x4}.{random.Next(0x10000):x4}.{random.Next(0x10000):x4}";

    private static string Clock(int second) => string.Create(CultureInfo.InvariantCulture, $"{second / 3600 % 24:00}:{second / 60 % 60:00}:{second % 60:00}");
}

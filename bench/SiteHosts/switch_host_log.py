#!/usr/bin/env python3
"""An access switch's syslog, with faults planted after its history, for `lad eval` (bgl format, labelled).

The host is shaped on what real small sites' switches send (see the shared notes on real syslog): a few dozen lines a
day, minutes to an hour apart, from a dozen kinds of event (ports going up and down, spanning-tree states, logins and
logouts of two operators from the management network, NTP, SNMP polls with a wrong community from the monitoring
hosts, LLDP neighbours, PoE), and now and then a burst of tens to hundreds of identical "MAC address ... has moved"
lines within a minute, which make up most of the lines. Each message keeps its syslog priority and header; the level
given to `lad eval` is the one that priority names.

After --history routine lines come --scored lines with one of each fault planted among them, each labelled: a fan
and a power supply failing, an over-temperature, a loop and a flapping port disabled, the CPU pinned, the
configuration changed by an unknown user from outside, an operator logging in from an outside address, NTP lost,
and the MAC table full.

Lines are written as `lad eval --format bgl` reads them (bgl_lines.py). The history's line count goes to
standard error, since bursts make it exceed --history: train with `--train-fraction` = that / the file's lines.
"""
import argparse
import random
import sys

from bgl_lines import print_lines



class Switch:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.clock = 0
        self.macs = ["%02x:%02x:%02x:%02x:%02x:%02x" % tuple(self.r.randint(0, 255) for _ in range(6)) for _ in range(30)]

    def line(self, priority, program, text, gap=None):
        """A syslog line some minutes after the previous one (or `gap` seconds after it)."""
        self.clock += gap if gap is not None else self.r.randint(60, 2400)
        s = self.clock
        return "<%d> Nov %2d %02d:%02d:%02d %s %s" % (
            priority, (s // 86400) % 30 + 1, (s // 3600) % 24, (s // 60) % 60, s % 60, program, text)

    def routine(self):
        """One routine event: a line, or a burst of MAC moves."""
        r = self.r
        k = r.random()
        if k < 0.35:
            return [self.line(134, "vlan.msgs:", "Port %d link %s" % (r.randint(1, 48), r.choice(["down", "up"])))]
        if k < 0.55:
            return [self.line(134, "STP:", "Port %d changed state to %s" % (r.randint(1, 48), r.choice(["forwarding", "blocking", "learning"])))]
        if k < 0.62:
            mac, (old, new) = r.choice(self.macs), r.sample(range(1, 49), 2)
            burst = [self.line(132, "FDB:", "MAC address %s has moved from port %d to port %d" % (mac, old, new))]
            burst += [self.line(132, "FDB:", "MAC address %s has moved from port %d to port %d" % (mac, old, new), gap=r.randint(0, 1))
                      for _ in range(r.randint(20, 200))]
            return burst
        if k < 0.72:
            return [self.line(134, "AAA:", "user %s logged in via SSH from 10.0.0.%d" % (r.choice(["admin", "netops"]), r.choice([5, 6, 7])))]
        if k < 0.8:
            return [self.line(134, "AAA:", "user %s logged out" % r.choice(["admin", "netops"]))]
        if k < 0.86:
            return [self.line(134, "ntpd:", "synchronized to 10.0.0.%d, stratum %d" % (r.choice([1, 2]), r.randint(2, 3)))]
        if k < 0.92:
            return [self.line(132, "SNMP:", "authentication failure from 10.0.8.%d community public" % r.randint(10, 13))]
        if k < 0.96:
            neighbour = r.choice(["sw-core-1", "sw-edge-2", "ap-3f-%d" % r.randint(1, 9)])
            return [self.line(134, "LLDP:", "neighbor %s added on port %d" % (neighbour, r.randint(1, 48)))]
        return [self.line(134, "PoE:", "port %d power %s, %d.%d W" % (r.randint(1, 24), r.choice(["delivered", "removed"]), r.randint(3, 15), r.randint(0, 9)))]

    def fault(self, kind):
        r = self.r
        outside = "185.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        return [[
            lambda: self.line(130, "ENV:", "fan 2 failed, speed 0 rpm"),
            lambda: self.line(129, "ENV:", "power supply 1 failed: input voltage lost"),
            lambda: self.line(130, "ENV:", "temperature %d C exceeds threshold 70 C" % r.randint(75, 90)),
            lambda: self.line(131, "LOOP:", "loop detected on port %d, port disabled" % r.randint(1, 48)),
            lambda: self.line(132, "SYS:", "CPU utilization %d%% for 60 seconds" % r.randint(95, 100)),
            lambda: self.line(133, "CFG:", "configuration changed by user guest from %s" % outside),
            lambda: self.line(134, "AAA:", "user admin logged in via SSH from %s" % outside),
            lambda: self.line(132, "ntpd:", "clock unsynchronized, no server reachable"),
            lambda: self.line(131, "LINK:", "port %d flapping, %d transitions in 10 seconds, port disabled" % (r.randint(1, 48), r.randint(15, 40))),
            lambda: self.line(131, "FDB:", "MAC table full (%d entries), learning disabled" % r.choice([16384, 32768])),
        ][kind]()]


FAULT_KINDS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history", type=int, default=2500, help="at least this many routine lines before the scored part")
    parser.add_argument("--scored", type=int, default=1500, help="at least this many routine lines in the scored part")
    args = parser.parse_args()

    switch = Switch(args.seed)
    history = []
    while len(history) < args.history:
        history.extend((line, False) for line in switch.routine())
    scored = []
    while len(scored) < args.scored:
        scored.extend((line, False) for line in switch.routine())
    # One of each kind, at random places of the scored part.
    places = sorted(switch.r.sample(range(len(scored)), FAULT_KINDS))
    lines = list(history)
    for i, item in enumerate(scored):
        lines.append(item)
        if places and i == places[0]:
            lines.extend((line, True) for line in switch.fault(FAULT_KINDS - len(places)))
            places.pop(0)
    print(len(history), file=sys.stderr)
    print_lines(lines, "sw-1")


if __name__ == "__main__":
    main()

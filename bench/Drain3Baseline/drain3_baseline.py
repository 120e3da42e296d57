#!/usr/bin/env python3
"""Drain3's speed on the lines `lad bench-parse` times, for ratios against it in one run.

Reads every <S>/<S>_2k.log_structured_corrected.csv under the data folder (the Content column, as lad does) and
prints one line:

    drain3 learn-lines/s N learn-unmasked-lines/s N match-lines/s N learn-bare-lines/s N

Each figure is lines per CPU second of this process (as lad bench-parse reports): first-pass learning gives every
system a fresh TemplateMiner, so each line is new to the miner that learns it; passes repeat for at least
--seconds. "Unmasked" is the same configuration with no masking instruction: Drain3 then still treats a token holding
a digit as a parameter (parametrize_numeric_tokens, on by default). "Bare" turns that off too, so nothing is taken
for a parameter until lines differ there. Matching times TemplateMiner.match over all lines on the masked miners.

Drain3 itself is not vendored: install it (pip install drain3) or put its source on PYTHONPATH.
Without --ini, masking uses the rules below, which cover the kinds of value lad masks by default (addresses,
UUIDs, hex and decimal numbers); with --ini, Drain3 reads that configuration file (such as the examples/drain3.ini
of its repository) and profiling is switched off.
"""
import argparse
import copy
import csv
import os
import sys
import time

try:
    from drain3 import TemplateMiner
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig
except ImportError as missing:
    print(f"drain3 is not importable ({missing}); pip install drain3 or set PYTHONPATH to its source", file=sys.stderr)
    sys.exit(3)

# One rule per kind of value, applied in this order; each replaces the value by <KIND>.
RULES = [
    (r"\b[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\b", "UUID"),
    (r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b", "IP"),
    (r"\b0[xX][0-9a-fA-F]+\b", "HEX"),
    (r"\b[0-9a-fA-F]{16,}\b", "HEX"),
    (r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w.])", "NUM"),
]


def load(folder):
    systems = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name, f"{name}_2k.log_structured_corrected.csv")
        if os.path.isfile(path):
            with open(path, newline="", encoding="utf-8") as file:
                systems.append([row["Content"] for row in csv.DictReader(file)])
    if not systems:
        sys.exit(f"no <S>/<S>_2k.log_structured_corrected.csv under {folder}")
    return systems


def configure(ini, masked, numeric_tokens=True):
    config = TemplateMinerConfig()
    if ini:
        config.load(ini)
        config.profiling_enabled = False
    else:
        config.masking_instructions = [MaskingInstruction(pattern, kind) for pattern, kind in RULES]
    if not masked:
        config.masking_instructions = []
    if not numeric_tokens:
        config.parametrize_numeric_tokens = False
    return config


def learn_all(systems, config):
    miners = []
    for lines in systems:
        miner = TemplateMiner(config=copy.copy(config))
        for line in lines:
            miner.add_log_message(line)
        miners.append(miner)
    return miners


def learning_rate(systems, config, seconds):
    lines = passes = 0
    started = time.process_time()
    while passes == 0 or time.process_time() - started < seconds:
        learn_all(systems, config)
        lines += sum(len(s) for s in systems)
        passes += 1
    return lines / (time.process_time() - started)


def matching_rate(systems, miners, seconds):
    lines = 0
    started = time.process_time()
    while lines == 0 or time.process_time() - started < seconds:
        for texts, miner in zip(systems, miners):
            for line in texts:
                miner.match(line)
            lines += len(texts)
    return lines / (time.process_time() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the loghub2_2k_parsing folder")
    parser.add_argument("--ini", help="a Drain3 configuration file (default: the masking rules of this script)")
    parser.add_argument("--seconds", type=float, default=1.0, help="minimum CPU seconds per figure")
    args = parser.parse_args()
    if args.ini and not os.path.isfile(args.ini):
        sys.exit(f"--ini: no such file: {args.ini}")

    systems = load(args.data)
    masked = configure(args.ini, masked=True)
    learn = learning_rate(systems, masked, args.seconds)
    learn_unmasked = learning_rate(systems, configure(args.ini, masked=False), args.seconds)
    match = matching_rate(systems, learn_all(systems, masked), args.seconds)
    learn_bare = learning_rate(systems, configure(args.ini, masked=False, numeric_tokens=False), args.seconds)
    print(f"drain3 learn-lines/s {learn:.0f} learn-unmasked-lines/s {learn_unmasked:.0f} match-lines/s {match:.0f} "
          f"learn-bare-lines/s {learn_bare:.0f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Prints the template miner's speed beside Drain3's on the same lines in one run: `lad bench-parse` and
# bench/Drain3Baseline/drain3_baseline.py alternate for three rounds on loghub2_2k_parsing, then the medians and
# lad's ratio to Drain3 for first-pass learning (masked and unmasked) and matching, all in lines per CPU second.
# Usage: scripts/bench-vs-drain3.sh [datasets-dir]
#   Drain3 must be importable by python3 (pip install drain3, or PYTHONPATH=its source); DRAIN3_INI=FILE makes it
#   read that configuration file (for example its repository's examples/drain3.ini) instead of the script's rules.
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "$@"
parsing="$data/loghub2_2k_parsing"
baseline=(python3 "$root/bench/Drain3Baseline/drain3_baseline.py" --data "$parsing" ${DRAIN3_INI:+--ini "$DRAIN3_INI"})
if ! python3 -c 'import drain3' 2>/dev/null; then
  echo "drain3 is not importable by python3: pip install drain3, or set PYTHONPATH to its source" >&2
  exit 3
fi

lad_runs=() drain3_runs=()
for round in 1 2 3; do
  lad_runs+=("$(lad bench-parse --data "$parsing" --seconds 3 | tail -n 1)")
  drain3_runs+=("$("${baseline[@]}")")
  echo "round $round: lad ${lad_runs[-1]}"
  echo "round $round: ${drain3_runs[-1]}"
done

# The median of field $2 over the lines on stdin.
median() { awk -v f="$1" '{ print $f }' | sort -n | sed -n 2p; }
printf '%s\n' "${lad_runs[@]}" >/tmp/lad-bench-vs-drain3.$$
printf '%s\n' "${drain3_runs[@]}" >/tmp/drain3-bench-vs-drain3.$$
trap 'rm -f /tmp/lad-bench-vs-drain3.$$ /tmp/drain3-bench-vs-drain3.$$' EXIT
report() {
  local name="$1" lad_field="$2" drain3_field="$3" ours theirs
  ours=$(median "$lad_field" </tmp/lad-bench-vs-drain3.$$)
  theirs=$(median "$drain3_field" </tmp/drain3-bench-vs-drain3.$$)
  awk -v n="$name" -v a="$ours" -v b="$theirs" 'BEGIN { printf "%s: lad %d, drain3 %d lines per CPU second, ratio %.1f\n", n, a, b, a / b }'
}
report "learning, first pass, masked" 4 3
report "learning, first pass, unmasked" 6 5
report "matching" 2 7

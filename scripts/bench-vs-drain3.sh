#!/usr/bin/env bash
# Prints the template miner's speed beside Drain3's on the same lines in one run: `lad bench-parse` and
# bench/Drain3Baseline/drain3_baseline.py alternate for three rounds on loghub2_2k_parsing, then the medians and
# lad's ratio to Drain3 for first-pass learning and matching, in lines per CPU second (lad's matching: per wall-clock
# second). Learning is compared like for like: with masking; with no masking rule, where Drain3 still takes a token
# holding a digit for a parameter (its parametrize_numeric_tokens) and lad is given its one rule doing that
# (TokensWithDigits); and with nothing at all, that rule off on both sides.
# Usage: scripts/bench-vs-drain3.sh [datasets-dir]
#   Drain3 must be importable by python3 (pip install drain3, or PYTHONPATH=its source); DRAIN3_INI=FILE makes it
#   read that configuration file (for example its repository's examples/drain3.ini) instead of the script's rules.
set -euo pipefail
if ! python3 -c 'import drain3' 2>/dev/null; then
  echo "drain3 is not importable by python3: pip install drain3, or set PYTHONPATH to its source" >&2
  exit 3
fi
source "$(dirname "$0")/datasets-env.sh" "$@"
parsing="$data/loghub2_2k_parsing"
baseline=(python3 "$root/bench/Drain3Baseline/drain3_baseline.py" --data "$parsing" ${DRAIN3_INI:+--ini "$DRAIN3_INI"})

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
  local name="$1" lad_field="$2" drain3_field="$3" unit="${4:-lines per CPU second}" ours theirs
  ours=$(median "$lad_field" </tmp/lad-bench-vs-drain3.$$)
  theirs=$(median "$drain3_field" </tmp/drain3-bench-vs-drain3.$$)
  awk -v n="$name" -v a="$ours" -v b="$theirs" -v u="$unit" 'BEGIN { printf "%s: lad %d, drain3 %d %s, ratio %.1f\n", n, a, b, u, a / b }'
}
report "learning, first pass, masked" 4 3
report "learning, first pass, unmasked (digit tokens are parameters in both)" 8 5
report "learning, first pass, nothing masked (not even digit tokens)" 6 9
# lad bench-parse's last line gives matching per wall-clock second of its one busy thread (no faster than per CPU second).
report "matching" 2 7 "lines per second (lad: wall clock; drain3: CPU)"

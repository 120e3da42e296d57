#!/usr/bin/env bash
# A check on a kind of host no dataset here holds: a public web server's syslog (bench/WebHost/web_host_log.py), whose
# routine holds scanners' probes logged as errors, new pages every hour and clients of every kind. For each seed the
# generator writes a history and a scored part with faults planted in it; `lad eval` trains on the history and scores
# the rest. Seeds run twice: with the catalogue growing in the scored part as in the history, and three times as fast.
# Prints each run, then the sums: planted fault lines caught and missed, and routine lines flagged (false alarms, per
# 10,000 routine lines, the unit of ALARM_BUDGET). Extra `lad eval` options go after the seed count.
# Usage: scripts/web-host-seeds.sh [seeds [lad eval options...]]   (default: 8 seeds; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Client -c Release -v quiet -nologo >/dev/null
seeds=${1:-8}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
history=20000
caught=0 missed=0 alarms=0 routine=0
for growth in 1 3; do
  for seed in $(seq 1 "$seeds"); do
    python3 bench/WebHost/web_host_log.py --seed "$seed" --history "$history" --growth "$growth" >"$work/web.log"
    fraction=$(awk -v h="$history" -v n="$(wc -l <"$work/web.log")" 'BEGIN { printf "%.8f", (h + 0.5) / n }')
    report=$(dotnet src/Client/bin/Release/net10.0/lad.dll eval --format bgl --train-fraction "$fraction" "$work/web.log" "$@")
    # The confusion table's rows: "│ anomalous │ flagged │ not flagged │" and "│ normal │ flagged │ not flagged │".
    read -r c m < <(sed -nE 's/^│ *anomalous *│ *([0-9,]+) *│ *([0-9,]+) *│$/\1 \2/p' <<<"$report" | tr -d ,)
    read -r f k < <(sed -nE 's/^│ *normal *│ *([0-9,]+) *│ *([0-9,]+) *│$/\1 \2/p' <<<"$report" | tr -d ,)
    echo "seed $seed, catalogue growth $growth: caught $c of $((c + m)) fault lines, $f false alarms in $((f + k)) routine lines ($(tail -n 1 <<<"$report"))"
    caught=$((caught + c)) missed=$((missed + m)) alarms=$((alarms + f)) routine=$((routine + f + k))
  done
done
awk -v c="$caught" -v m="$missed" -v f="$alarms" -v n="$routine" 'BEGIN {
  printf "all runs: caught %d of %d fault lines, %d false alarms in %d routine lines (%.1f per 10,000)\n", c, c + m, f, n, f * 10000 / n }'

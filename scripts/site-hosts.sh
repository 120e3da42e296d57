#!/usr/bin/env bash
# A check on kinds of host no dataset here holds, shaped on real small sites' syslog: a public web server
# (bench/SiteHosts/web_host_log.py: scanners' probes logged as errors, new pages every hour, clients of every kind) and
# an access switch (bench/SiteHosts/switch_host_log.py: a few dozen lines a day and bursts of MAC moves). For each seed a
# generator writes a history and a scored part with faults planted in it; `lad eval` trains on the history and scores
# the rest. Web servers run twice per seed: with the catalogue growing in the scored part as in the history, and three
# times as fast. Prints each run, then per kind of host the sums: planted fault lines caught and missed, and routine
# lines flagged (false alarms, per 10,000 routine lines, the unit of ALARM_BUDGET). Extra `lad eval` options go after
# the seed count.
# Usage: scripts/site-hosts.sh [seeds [lad eval options...]]   (default: 8 seeds; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/confusion-rows.sh
dotnet build src/Client -c Release -v quiet -nologo >/dev/null
seeds=${1:-8}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

caught=0 missed=0 alarms=0 routine=0
# Scores $work/site.log, whose first $1 lines are the history, and prints run $2 and adds it to the sums.
run() {
  local fraction report c m f k
  fraction=$(awk -v h="$1" -v n="$(wc -l <"$work/site.log")" 'BEGIN { printf "%.8f", (h + 0.5) / n }')
  report=$(dotnet src/Client/bin/Release/net10.0/lad.dll eval --format bgl --train-fraction "$fraction" "$work/site.log" "${eval_options[@]}")
  read -r c m < <(confusion_row anomalous <<<"$report")
  read -r f k < <(confusion_row normal <<<"$report")
  echo "$2: caught $c of $((c + m)) fault lines, $f false alarms in $((f + k)) routine lines ($(tail -n 1 <<<"$report"))"
  caught=$((caught + c)) missed=$((missed + m)) alarms=$((alarms + f)) routine=$((routine + f + k))
}

# Prints the sums for kind $1 and starts new ones.
sums() {
  awk -v kind="$1" -v c="$caught" -v m="$missed" -v f="$alarms" -v n="$routine" 'BEGIN {
    printf "%s, all runs: caught %d of %d fault lines, %d false alarms in %d routine lines (%.1f per 10,000)\n", kind, c, c + m, f, n, f * 10000 / n }'
  caught=0 missed=0 alarms=0 routine=0
}

eval_options=("$@")
for growth in 1 3; do
  for seed in $(seq 1 "$seeds"); do
    python3 bench/SiteHosts/web_host_log.py --seed "$seed" --history 20000 --growth "$growth" >"$work/site.log"
    run 20000 "web server, seed $seed, catalogue growth $growth"
  done
done
sums "web server"
for seed in $(seq 1 "$seeds"); do
  history=$(python3 bench/SiteHosts/switch_host_log.py --seed "$seed" 2>&1 >"$work/site.log")
  run "$history" "switch, seed $seed"
done
sums "switch"

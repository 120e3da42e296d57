#!/usr/bin/env bash
# Prints how the verdicts move with the training fraction (the share of each file that trains): `lad eval
# --train-fraction F` for F = 0.1, 0.3, 0.5 (the default protocol) and 0.7 on the labelled datasets, for the default
# model (F1 at its calibrated threshold / the best F1 any threshold would give / AUC) and for the novelty reference
# (F1: a line or session holding a never-seen template is anomalous). Extra `lad eval` options (e.g. --alarm-budget 5)
# go after the datasets folder.
# Usage: scripts/eval-fractions.sh [datasets-dir [lad eval options...]]   (default: ../shared/datasets beside the repository)
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "${1:-}"
shift || true
# The last line of lad eval is "precision <p> recall <r> f1 <f> auc <a> oracle-f1 <o>".
default_figures() { tail -n 1 | awk '{print $6 " / " $10 " / " $8}'; }
f1() { tail -n 1 | awk '{print $6}'; }
bgl() { lad eval --format bgl --train-fraction "$1" --model "$2" "$data/$3" "${@:4}"; }
hdfs() {
  lad eval --format hdfs --train-fraction "$1" --model "$2" --labels "$data/loglead_hdfs_2pct/anomaly_label.csv" \
    --session-regex 'blk_-?\d+' "$data/loglead_hdfs_2pct/HDFS_2pct.log.gz" "${@:3}"
}

# The session endings a daemon would report, judging while lines arrive: "<n>: <a> of <b> normal, <c> of <d> anomalous sessions".
live_endings() { sed -nE 's/.*session endings reported live[^│]*│ *([^│]*[^ │]) *│.*/\1/p'; }

echo "| train fraction | dataset | default F1 / oracle-F1 / AUC | novelty F1 |"
echo "|---|---|---|---|"
live=()
for fraction in 0.1 0.3 0.5 0.7; do
  for file in loghub_bgl_2k/BGL_2k.log bgl_random_sample/BGL_random_3827.log; do
    echo "| $fraction | $(basename "$file" .log) | $(bgl "$fraction" default "$file" "$@" | default_figures) | $(bgl "$fraction" novelty "$file" | f1) |"
  done
  out=$(hdfs "$fraction" default "$@")
  echo "| $fraction | HDFS_2pct sessions | $(default_figures <<<"$out") | $(hdfs "$fraction" novelty | f1) |"
  live+=("| $fraction | $(live_endings <<<"$out") |")
done

echo
echo "| train fraction | HDFS_2pct: session endings reported live (reports: sessions flagged by label) |"
echo "|---|---|"
printf '%s\n' "${live[@]}"

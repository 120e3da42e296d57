#!/usr/bin/env bash
# Prints the README's detection-quality table: `lad eval` for the default model, the som and lof models and the novelty
# reference on the labelled datasets (train fraction 0.5), with the best F1 any threshold would have given and the
# training and scoring speed `lad eval` printed (lines per second; one run on a shared machine, so compare within it).
# Usage: scripts/eval-table.sh [datasets-dir]   (default: ../shared/datasets beside the repository)
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "$@"

# One table row from the output of `lad eval`: the metrics of its last line and the lines/s of its timing rows.
row() {
  local name="$1" model="$2" output="$3" train score
  train=$(grep -m1 'training time' <<<"$output" | sed -E 's/.*\(([0-9,]+) lines\/s\).*/\1/')
  score=$(grep -m1 'scoring time' <<<"$output" | sed -E 's/.*\(([0-9,]+) lines\/s\).*/\1/')
  set -- $(tail -n 1 <<<"$output")
  echo "| $name | $model | $2 | $4 | $6 | $8 | ${10} | $train | $score |"
}

echo "| dataset | model | precision | recall | F1 | AUC | oracle-F1 | training lines/s | scoring lines/s |"
echo "|---|---|---|---|---|---|---|---|---|"
for model in default som lof novelty; do
  for file in loghub_bgl_2k/BGL_2k.log bgl_random_sample/BGL_random_3827.log; do
    row "$(basename "$file")" "$model" "$(lad eval --format bgl --model "$model" "$data/$file")"
  done
  row "HDFS_2pct (sessions)" "$model" "$(lad eval --format hdfs --model "$model" --labels "$data/loglead_hdfs_2pct/anomaly_label.csv" \
    --session-regex 'blk_-?\d+' "$data/loglead_hdfs_2pct/HDFS_2pct.log.gz")"
done

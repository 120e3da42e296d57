#!/usr/bin/env bash
# Prints the README's detection-quality table: `lad eval` for the default model, the som model and the novelty
# reference on the labelled datasets (train fraction 0.5), with the best F1 any threshold would have given.
# Usage: scripts/eval-table.sh [datasets-dir]   (default: ../shared/datasets beside the repository)
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "$@"

echo "| dataset | model | precision | recall | F1 | AUC | oracle-F1 |"
echo "|---|---|---|---|---|---|---|"
for model in default som novelty; do
  for file in loghub_bgl_2k/BGL_2k.log bgl_random_sample/BGL_random_3827.log; do
    set -- $(lad eval --format bgl --model "$model" "$data/$file" | tail -n 1)
    echo "| $(basename "$file") | $model | $2 | $4 | $6 | $8 | ${10} |"
  done
  set -- $(lad eval --format hdfs --model "$model" --labels "$data/loglead_hdfs_2pct/anomaly_label.csv" \
    --session-regex 'blk_-?\d+' "$data/loglead_hdfs_2pct/HDFS_2pct.log.gz" | tail -n 1)
  echo "| HDFS_2pct (sessions) | $model | $2 | $4 | $6 | $8 | ${10} |"
done

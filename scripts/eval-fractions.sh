#!/usr/bin/env bash
# Prints how the default model's figures move with the training fraction (the share of each file that trains):
# `lad eval --train-fraction F` for F = 0.3, 0.5 (the default protocol) and 0.7 on the labelled datasets.
# Usage: scripts/eval-fractions.sh [datasets-dir]   (default: ../shared/datasets beside the repository)
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "$@"
# The last line of lad eval is "precision <p> recall <r> f1 <f> auc <a>": print "F1 / AUC".
f1_auc() { tail -n 1 | awk '{print $6 " / " $8}'; }

echo "| train fraction | BGL_2k F1 / AUC | BGL_random_3827 F1 / AUC | HDFS_2pct sessions F1 / AUC |"
echo "|---|---|---|---|"
for fraction in 0.3 0.5 0.7; do
  bgl2k=$(lad eval --format bgl --train-fraction "$fraction" "$data/loghub_bgl_2k/BGL_2k.log" | f1_auc)
  bglrandom=$(lad eval --format bgl --train-fraction "$fraction" "$data/bgl_random_sample/BGL_random_3827.log" | f1_auc)
  hdfs=$(lad eval --format hdfs --train-fraction "$fraction" --labels "$data/loglead_hdfs_2pct/anomaly_label.csv" \
    --session-regex 'blk_-?\d+' "$data/loglead_hdfs_2pct/HDFS_2pct.log.gz" | f1_auc)
  echo "| $fraction | $bgl2k | $bglrandom | $hdfs |"
done

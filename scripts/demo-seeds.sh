#!/usr/bin/env bash
# Runs `lad demo` on several generator seeds and sums what one seed can hide: faults missed and false alarms.
# A change to the default model is judged on the sum, never on the default seed alone.
# Usage: scripts/demo-seeds.sh [lad demo options...]   (e.g. --alarm-budget 30)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Client -c Release -v quiet -nologo >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
missed=0 alarms=0 faults=0
for seed in 1 2 3 4 5 6 7 8 42; do
  summary=$(dotnet src/Client/bin/Release/net10.0/lad.dll demo --seed "$seed" --out "$out/demo.log" "$@")
  # "injected faults (a line, or a burst of lines) missed M of N" and "... (K of 48 injected, F false alarms)"
  read -r m n < <(sed -nE 's/.*missed ([0-9]+) of ([0-9]+)$/\1 \2/p' <<<"$summary")
  f=$(sed -nE 's/^overall .* ([0-9]+) false alarms\)$/\1/p' <<<"$summary")
  echo "seed $seed: missed $m of $n faults, $f false alarms"
  missed=$((missed + m)) faults=$((faults + n)) alarms=$((alarms + f))
done
echo "all seeds: missed $missed of $faults faults, $alarms false alarms"

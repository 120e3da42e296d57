#!/usr/bin/env bash
# Measures the operator console's API with many hosts, anomalies and incidents (figures in the README): builds lad-silo,
# loads MongoDB (LAD_TEST_MONGODB_URI, else jongodb from node_modules: run `npm ci` once), starts the real silo on the
# data and prints each page's response time, median and p95. Options: --hosts 1000 --anomalies 100000
# --incidents 10000 --requests 20.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet build src/Silo -c Release -v quiet -nologo >/dev/null
dotnet run --project bench/ConsoleBench -c Release -- "$@"

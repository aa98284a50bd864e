#!/usr/bin/env bash
# The benchmarks of issue 5 (docs/performance.md explains the figures).
#
#   scripts/bench.sh [--rows 10000,100000] [--large] [--naive-rows 10000] [--no-profile]
#       starts its own throw-away stores, builds and runs the bench command in Release: the store's
#       ceiling, the naive baseline and scenarios S1–S4 through the product path; prints the table
#       and writes it as JSON and markdown into bench-results/. --large adds 1,000,000 rows.
#   scripts/bench.sh queue [--tenants 50] [--tenant-rows 2000] [--rows 100000]
#       the work queue: 50 tenants drained by 1 and by 2 worker processes, and S1 with the default
#       work budget vs one that chains it over about ten runs; writes bench-results/queue.md.
#   scripts/bench.sh micro [BenchmarkDotNet arguments, e.g. --filter '*ReadMapPlan*']
#       the BenchmarkDotNet micro-benchmarks of the pure path (no stores); all of them by default.
#
# Ports (override with env): UDF_BENCH_AZURITE_PORT (10202; queues on that + 1), UDF_BENCH_RGW_PORT (7680; the Ceph
# monitor takes that + 1000). They differ from scripts/test.sh's and scripts/run.sh's.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

if [[ ${1:-} == micro ]]; then
  shift
  [[ $# -gt 0 ]] || set -- --filter '*'
  dotnet run -c Release --project bench/UserDataFeed.Bench.Micro -- "$@"
  exit
fi

state="$root/.bench-stores"
azurite_port=${UDF_BENCH_AZURITE_PORT:-10202}
rgw_port=${UDF_BENCH_RGW_PORT:-7680}

dotnet build bench/UserDataFeed.Bench -c Release --nologo -v quiet

bash scripts/stores/stores.sh stop "$state" >/dev/null 2>&1 || true
bash scripts/stores/stores.sh start "$state" "$azurite_port" "$rgw_port"
trap 'bash scripts/stores/stores.sh stop "$state" >/dev/null 2>&1 || true' EXIT

# Run the built program (not `dotnet run`) so its scenario child processes start the same build.
command=()
if [[ ${1:-} == queue ]]; then command=(queue); shift; fi
dotnet bench/UserDataFeed.Bench/bin/Release/net10.0/UserDataFeed.Bench.dll ${command[@]+"${command[@]}"} \
  --stores-env "$state/stores.env" --out "$root/bench-results" "$@"

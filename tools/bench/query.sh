#!/usr/bin/env bash
# Query benchmark: p50/p99 latency of neighbors, path, timeline and linked on
# a demo store, in one process with the store opened read-only once (as a
# server would), each query over many different accounts.
# Usage: tools/bench/query.sh [STORE] [RUNS]
#   STORE  an existing store (opened read-only, never written); default: the
#          10 M-transaction demo store of tools/bench/trace.sh, built if missing
#   RUNS   queries of each kind (default 200)
# BUILD=dir chooses the Release build directory (default build/release).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps
store=${1:-}
runs=${2:-200}
build=${BUILD:-build/release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$build" bench_query >/dev/null
if [ -z "$store" ]; then
  work=/tmp/moneytrail-trace-bench
  store=$work/store
  if [ ! -d "$store" ]; then
    ninja -C "$build" moneytrail >/dev/null
    mt=$build/tools/cli/moneytrail
    rm -rf "$work" && mkdir -p "$work"
    "$mt" demo-data --out "$work/data" --accounts 200000 --transactions 10000000 --cases 1000 --seed 7 >/dev/null
    "$mt" ingest --db "$store" "$work"/data/* 2>/dev/null
  fi
fi
"$build/tools/bench/bench_query" "$store" "$runs"

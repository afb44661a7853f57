#!/usr/bin/env bash
# Batch throughput in one process and under mpirun, on demo stores of 1 M and
# 10 M transactions with 1,000 cases each: the figures of docs/SCALE.md.
# Every run's output directory is compared with the single-process one
# (they must be byte-identical), then the traces feed tools/bench/scale_sim.py.
# Usage: tools/bench/mpi.sh [SIZES] [WORK]   (default "1000000 10000000", /tmp/moneytrail-mpi-bench)
# BUILD=dir: the Release build directory (default build/release). REPEAT=n
# runs of each configuration (default 5; best and median reported). OUT=dir:
# where the runs write, in a directory of their own removed at the end
# (default /dev/shm when there is one, else WORK).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps python3
sizes=${1:-"1000000 10000000"}
work=${2:-/tmp/moneytrail-mpi-bench}
repeat=${REPEAT:-5}
build=${BUILD:-build/release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$build" moneytrail >/dev/null
mt=$build/tools/cli/moneytrail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
# One machine: the ob1 messaging layer over shared memory. Left to choose,
# MPI_Init first probes UCX for network devices: 0.32 s instead of 0.12 s here.
export OMPI_MCA_pml=ob1
# Rank 0 runs two threads (the queue and a tracer): --bind-to none lets the
# kernel place them, instead of Open MPI pinning both to one core.
export OMPI_MCA_hwloc_base_binding_policy=none
mkdir -p "$work"
export OMPI_MCA_orte_tmpdir_base=$(mktemp -d "$work/ompi.XXXXXX")
if [[ -z ${OUT:-} ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then OUT=/dev/shm; else OUT=$work; fi
fi
runs_dir=$(mktemp -d "$OUT/moneytrail-mpi-runs.XXXXXX")

# run_once CMD...: appends "wall batch" seconds of one run to $times: wall is
# process start to exit (mpirun's launch included), batch the "traced N cases
# in X s" line (cases listed to summary written).
# Each run writes a new directory, and all are removed at the end, on a tmpfs
# when there is one: creating files on ext4 after many were deleted costs
# several times more (its inode allocator steps over recently freed inodes;
# on this machine's /tmp, once, 220 us a file instead of 12, for minutes),
# which would make the writes, all on rank 0 under mpirun, a bench artefact.
run_once() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/run.log" || { cat "$work/run.log" >&2; return 1; }
  e=$(date +%s.%N)
  echo "$s $e $(sed -n 's/^traced [0-9]* cases in \([0-9.]*\) s.*/\1/p' "$work/run.log")" |
    awk '{printf "%.3f %s\n", $2 - $1, $3}' >>"$times"
}

# What the host allows: a batch is partly memory-bound, and on some virtual
# machines two busy cores slow each other's memory accesses down by half or
# more (and a neighbour's load changes that from minute to minute). The probe
# times random updates over 256 MiB, alone and then two copies at once; the
# ratio of the two is printed before and after each store's runs.
probe=$work/memory_probe
# Compiled again when this script is newer: its source is below.
if [[ ! -x $probe || $probe -ot ${BASH_SOURCE[0]} ]]; then
  c++ -O2 -std=c++17 -x c++ -o "$probe" - <<'CC'
#include <chrono>
#include <cstdio>
#include <vector>
int main() {
  std::vector<unsigned> a(64u << 20, 1);  // touched before the clock starts
  unsigned x = 1;
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < 50000000; ++i) {
    x = x * 1103515245u + 12345u;
    a[x % a.size()] += x;
  }
  std::chrono::duration<double> s = std::chrono::steady_clock::now() - start;
  std::printf("%.3f %u\n", s.count(), a[7] & 1);
}
CC
fi
memory_probe() {
  local alone two
  alone=$("$probe" | cut -d' ' -f1)
  two=$( ("$probe" & "$probe"; wait) | cut -d' ' -f1 | sort -n | tail -1)
  awk -v a="$alone" -v t="$two" 'BEGIN { printf "memory probe: %.2f s alone, %.2f s with a second copy running (%.2fx)\n", a, t, t / a }'
}

runs=("1 thread" "2 threads" "mpirun -n 1" "mpirun -n 2" "mpirun -n 4")
echo "best and median of $repeat runs each; the configurations take turns, so that a slow"
echo "spell of this virtual machine does not fall on one of them; speed-up is over the"
echo "faster single-process configuration (1 thread or mpirun -n 1)"
printf '%-10s %-14s %9s %9s %9s %9s %9s\n' "store" "run" "wall s" "batch s" "median s" "cases/s" "speed-up"
for n in $sizes; do
  dir=$work/$n
  if [[ ! -d $dir/snap ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    "$mt" demo-data --out "$dir/data" --accounts $((n / 50)) --transactions "$n" --cases 1000 --seed 7 >/dev/null
    "$mt" ingest --db "$dir/store" "$dir"/data/* 2>/dev/null
    # As the README advises before a batch: a quarter faster.
    "$mt" compact --db "$dir/store" 2>/dev/null
    "$mt" snapshot --db "$dir/store" --out "$dir/snap" 2>/dev/null
  fi
  memory_probe
  rm -rf "$dir/ref" "$dir/times"
  mkdir -p "$dir/times"
  "$mt" trace --db "$dir/snap" --all-cases --out "$dir/ref" 2>/dev/null
  for r in $(seq "$repeat"); do
    for k in "${!runs[@]}"; do
      out=$runs_dir/$n-$k-$r
      run=${runs[$k]}
      case $run in
      *thread*) cmd=("$mt" trace --db "$dir/snap" --all-cases --out "$out" --threads "${run%% *}") ;;
      *) cmd=(mpirun --oversubscribe -n "${run##* }" "$mt" trace --db "$dir/snap" --all-cases --out "$out") ;;
      esac
      times=$dir/times/$k
      run_once "${cmd[@]}"
      diff -r "$dir/ref" "$out" >/dev/null || { echo "mpi bench: $run differs from the single-process batch" >&2; exit 1; }
    done
  done
  python3 - "$dir/times" "$(awk -v n="$n" 'BEGIN { printf "%g M tx", n / 1e6 }')" "${runs[@]}" <<'PY'
import os, statistics, sys
d, label, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = [[tuple(map(float, l.split())) for l in open(os.path.join(d, str(k)))] for k in range(len(runs))]
best = [min(r[1] for r in rs) for rs in rows]
# The faster of the two single-process configurations: a one-thread run that
# kept landing on a slow core would otherwise flatter every speed-up.
base = min(b for run, b in zip(runs, best) if run in ("1 thread", "mpirun -n 1"))
for run, rs, batch in zip(runs, rows, best):
    wall = min(r[0] for r in rs)
    median = statistics.median(r[1] for r in rs)
    print(f"{label:<10} {run:<14} {wall:9.2f} {batch:9.2f} {median:9.2f} {1000 / batch:9.0f} {base / batch:8.2f}x")
PY
  memory_probe
done
rm -rf "$runs_dir"
echo
for n in $sizes; do
  python3 tools/bench/scale_sim.py "$work/$n/ref" "$work/$n/data/transactions.csv"
  echo
done

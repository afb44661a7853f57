#!/usr/bin/env bash
# Batch throughput in one process and under mpirun, on demo stores of 1 M and
# 10 M transactions with 1,000 cases each: the figures of docs/SCALE.md.
# Every run's output directory is compared with the single-process one
# (they must be byte-identical), then the traces feed tools/bench/scale_sim.py.
# Usage: tools/bench/mpi.sh [SIZES] [WORK]   (default "1000000 10000000", /tmp/moneytrail-mpi-bench)
# BUILD=dir: the Release build directory (default build/release). REPEAT=n
# runs of each configuration (default 3; the best is reported).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps python3
sizes=${1:-"1000000 10000000"}
work=${2:-/tmp/moneytrail-mpi-bench}
repeat=${REPEAT:-3}
build=${BUILD:-build/release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$build" moneytrail >/dev/null
mt=$build/tools/cli/moneytrail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
mkdir -p "$work"
export OMPI_MCA_orte_tmpdir_base=$(mktemp -d "$work/ompi.XXXXXX")

# best_of CMD...: prints the best wall time in seconds of $repeat runs.
best_of() {
  local best="" s e t
  for _ in $(seq "$repeat"); do
    rm -rf "$work/out"
    s=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/run.log" || { cat "$work/run.log" >&2; return 1; }
    e=$(date +%s.%N)
    t=$(python3 -c "print($e - $s)")
    if [[ -z $best ]] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
  done
  echo "$best"
}

printf '%-12s %-30s %9s %10s %9s\n' "store" "run" "seconds" "cases/s" "speed-up"
for n in $sizes; do
  dir=$work/$n
  if [[ ! -d $dir/snap ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    "$mt" demo-data --out "$dir/data" --accounts $((n / 50)) --transactions "$n" --cases 1000 --seed 7 >/dev/null
    "$mt" ingest --db "$dir/store" "$dir"/data/* 2>/dev/null
    "$mt" snapshot --db "$dir/store" --out "$dir/snap" 2>/dev/null
  fi
  rm -rf "$dir/ref"
  "$mt" trace --db "$dir/snap" --all-cases --out "$dir/ref" 2>/dev/null
  base=""
  label="$((n / 1000000)) M tx"
  for run in "1 thread" "2 threads" "mpirun -n 1" "mpirun -n 2" "mpirun -n 4"; do
    case $run in
    *thread*) cmd=("$mt" trace --db "$dir/snap" --all-cases --out "$work/out" --threads "${run%% *}") ;;
    *) cmd=(mpirun --oversubscribe -n "${run##* }" "$mt" trace --db "$dir/snap" --all-cases --out "$work/out") ;;
    esac
    secs=$(best_of "${cmd[@]}")
    diff -r "$dir/ref" "$work/out" >/dev/null || { echo "mpi bench: $run differs from the single-process batch" >&2; exit 1; }
    [[ -n $base ]] || base=$secs
    python3 -c "s=$secs; print(f'{\"$label\":<12} {\"$run\":<30} {s:9.2f} {1000/s:10.0f} {$base/s:8.2f}x')"
  done
done
echo
last=$(echo $sizes | awk '{print $NF}')
python3 tools/bench/scale_sim.py "$work/$last/ref" "$work/$last/data/transactions.csv"

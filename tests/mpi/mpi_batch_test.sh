#!/usr/bin/env bash
# The batch under mpirun (run by CTest; every run has a TIMEOUT there, since a
# rank that leaves early can make mpirun wait forever).
#
#   identical    mpirun -n 1, 2 and 4 write an output directory byte-identical
#                to the single-process batch, on a snapshot of a demo store.
#   kill-resume  a worker rank is killed (SIGKILL) mid-batch: the job stops
#                with mpirun's message and a non-zero status, the cases written
#                so far stay; --resume under mpirun finishes the batch without
#                redoing them, and the result is identical to an uninterrupted run.
#   resume-local the same without MPI: a single-process batch killed mid-way, its
#                journal's last line torn, is finished by --resume.
#
# Environment: MONEYTRAIL_BIN (required). Usage: mpi_batch_test.sh MODE [SCRATCH]
set -euo pipefail
trap 'echo "mpi batch test: FAIL: a command failed at line $LINENO" >&2' ERR

fail() {
  echo "mpi batch test: FAIL: $*" >&2
  exit 1
}

mode=${1:?mode: identical, kill-resume or resume-local}
mt=${MONEYTRAIL_BIN:-}
[[ -n $mt && -x $mt ]] || fail "MONEYTRAIL_BIN must name the moneytrail binary"
if [[ $mode != resume-local ]]; then
  command -v mpirun >/dev/null || fail "mpirun is not installed (apt-get install openmpi-bin)"
fi
launcher=""
own_scratch=0
if [[ -n ${2:-} ]]; then
  scratch=$2
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/mt-mpi-test.XXXXXX")
  own_scratch=1
fi
cleanup() {
  if [[ -n $launcher ]]; then kill "$launcher" 2>/dev/null || true; fi
  if ((own_scratch)); then rm -rf "$scratch"; fi
}
trap cleanup EXIT
cd "$scratch"

# Open MPI's own allocations (in MCA components it dlopens and unloads before
# exit) show up as leaks that cannot be suppressed by library name; this
# code's leaks are checked by the in-process batch tests, which share it.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader
export OMPI_MCA_pml=ob1 # shared memory only; probing UCX costs each mpirun 0.2 s
export OMPI_MCA_orte_tmpdir_base="$scratch/ompi"
export OMPI_MCA_rmaps_base_oversubscribe=1
mkdir -p "$scratch/ompi"

cases=${CASES:-300}
rm -rf data store snap ref
"$mt" demo-data --out data --accounts 3000 --transactions 150000 --cases "$cases" --seed 11 >demo.log 2>&1 ||
  fail "demo-data: $(tail -3 demo.log)"
"$mt" ingest --db store data/* >ingest.log 2>&1 || fail "ingest: $(tail -3 ingest.log)"
"$mt" snapshot --db store --out snap >snapshot.log 2>&1 || fail "snapshot: $(cat snapshot.log)"
"$mt" trace --db snap --all-cases --out ref >ref.log 2>&1 || fail "single-process batch: $(tail -3 ref.log)"
[[ $(find ref -name '*.json' | wc -l) -eq $((cases + 1)) ]] || fail "reference batch wrote $(ls ref | wc -l) files"
[[ ! -e ref/.batch-journal.jsonl ]] || fail "a finished batch left its journal"

case $mode in
identical)
  for n in 1 2 4; do
    rm -rf "out$n"
    mpirun -n "$n" "$mt" trace --db snap --all-cases --out "out$n" >"mpi$n.log" 2>&1 ||
      fail "mpirun -n $n: $(tail -5 "mpi$n.log")"
    diff -r ref "out$n" >/dev/null || fail "mpirun -n $n differs from the single-process batch"
    grep -q "traced $cases cases" "mpi$n.log" || fail "mpirun -n $n: no summary line"
  done
  # Ranks that open a live store as secondaries (--follow) see the same data here.
  rm -rf follow
  mpirun -n 2 "$mt" trace --db store --follow --all-cases --out follow >follow.log 2>&1 ||
    fail "--follow: $(tail -5 follow.log)"
  diff -r ref follow >/dev/null || fail "--follow differs from the snapshot's batch"
  # Ranks that read different stores stop the job instead of mixing results.
  rm -rf other-data other mixed
  "$mt" demo-data --out other-data --accounts 500 --transactions 20000 --cases 5 --seed 12 >/dev/null 2>&1
  "$mt" ingest --db other other-data/* >/dev/null 2>&1 || fail "ingest of the other store"
  mpirun -n 1 "$mt" trace --db snap --all-cases --out mixed : -n 1 "$mt" trace --db other --all-cases --out mixed >mixed.log 2>&1 &&
    fail "ranks reading different stores finished a batch"
  grep -q "reads another store than rank 0" mixed.log || fail "no clear message: $(tail -5 mixed.log)"
  [[ ! -f mixed/summary.json ]] || fail "a summary was written from mixed stores"
  ;;
kill-resume)
  rm -rf out
  mpirun -n 3 "$mt" trace --db snap --all-cases --out out >killed.log 2>&1 &
  launcher=$!
  victim=""
  # Wait (up to 120 s) for a tenth of the cases to be written, then kill the
  # rank-1 worker.
  deadline=$((SECONDS + 120))
  while ((SECONDS < deadline)); do
    if [[ -z $victim ]]; then
      for pid in $(pgrep -P "$launcher" 2>/dev/null; pgrep -f "trace --db snap --all-cases --out out$" 2>/dev/null); do
        if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then
          victim=$pid
        fi
      done
    fi
    written=$(($(cat out/.batch-journal.jsonl 2>/dev/null | wc -l || true) - 1))
    if [[ -n $victim ]] && ((written >= cases / 10)); then break; fi
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.01
  done
  [[ -n $victim ]] || fail "found no rank-1 process to kill"
  ((written >= cases / 10)) || fail "only $written cases written in 120 s"
  kill -9 "$victim" 2>/dev/null || fail "the batch finished before the kill: raise CASES"
  status=0
  wait "$launcher" || status=$?
  launcher=""
  ((status != 0)) || fail "mpirun exited 0 after a rank was killed"
  [[ -f out/.batch-journal.jsonl ]] || fail "no journal left by the killed batch"
  [[ ! -f out/summary.json ]] || fail "the killed batch wrote summary.json"
  done_before=$(($(wc -l <out/.batch-journal.jsonl) - 1))
  ((done_before > 0 && done_before < cases)) || fail "killed after $done_before of $cases cases"
  # Nothing the journal lists is redone: those files keep their inode numbers.
  # (A file renamed into place just before the kill, without its journal
  # line, is traced again; it is not in this list.)
  journalled=$(grep -o '"file":"[^"]*"' out/.batch-journal.jsonl | cut -d'"' -f4 | sort)
  before=$(cd out && for f in $journalled; do stat -c '%i %n' "$f"; done | sort)
  mpirun -n 2 "$mt" trace --db snap --all-cases --out out >resume-mpi.log 2>&1 &&
    fail "a second run without --resume did not refuse the unfinished batch"
  grep -q -- "--resume" resume-mpi.log || fail "the refusal does not say --resume: $(tail -3 resume-mpi.log)"
  mpirun -n 2 "$mt" trace --db snap --all-cases --out out --resume >resume.log 2>&1 ||
    fail "--resume: $(tail -5 resume.log)"
  grep -q "written before, kept" resume.log || fail "--resume did not report the kept cases"
  after=$(cd out && for f in $journalled; do stat -c '%i %n' "$f"; done | sort)
  [[ -n $before && $before == "$after" ]] || fail "--resume rewrote cases already written"
  diff -r ref out >/dev/null || fail "the resumed batch differs from an uninterrupted run"
  ;;
resume-local)
  rm -rf out
  "$mt" trace --db snap --all-cases --out out --threads 1 >killed.log 2>&1 &
  pid=$!
  for _ in $(seq 3000); do
    written=$(($(cat out/.batch-journal.jsonl 2>/dev/null | wc -l || true) - 1))
    ((written >= cases / 10)) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill -9 "$pid" 2>/dev/null || fail "the batch finished before the kill: raise CASES"
  wait "$pid" || true
  [[ ! -f out/summary.json ]] || fail "the killed batch wrote summary.json"
  # As if it had died in the middle of appending a line.
  printf '{"index":' >>out/.batch-journal.jsonl
  "$mt" trace --db snap --all-cases --out out --resume >resume.log 2>&1 ||
    fail "--resume: $(tail -3 resume.log)"
  grep -q "written before, kept" resume.log || fail "--resume did not report the kept cases"
  diff -r ref out >/dev/null || fail "the resumed batch differs from an uninterrupted run"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "mpi batch test ($mode): PASS"

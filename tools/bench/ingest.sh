#!/usr/bin/env bash
# Ingest benchmark: bulk load of N demo transactions into an empty store, then
# an incremental load of N/10 more into the populated store. Prints a table.
# Usage: tools/bench/ingest.sh [N] [WORK_DIR]   (default 10000000, /tmp/moneytrail-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps time
n=${1:-10000000}
work=${2:-/tmp/moneytrail-bench}
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C build/release moneytrail >/dev/null
mt=build/release/tools/cli/moneytrail
rm -rf "$work" && mkdir -p "$work"
accounts=$(( n / 50 > 1000 ? n / 50 : 1000 ))
"$mt" demo-data --out "$work/data" --accounts "$accounts" --transactions "$n" --cases 10 --seed 1 >/dev/null
"$mt" demo-data --out "$work/more" --accounts "$accounts" --transactions $(( n / 10 )) --cases 1 --seed 2 >/dev/null
# The second file's ids must not collide with the first: prefix them.
sed -i '2,$ s/^T/U/' "$work/more/transactions.csv"

measure() {  # label, command...
  local label=$1; shift
  local log="$work/$label.time"
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || { cat "$log"; exit 1; }
  local secs rss
  secs=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  echo "$label $secs $rss"
}
"$mt" ingest --db "$work/store" "$work/data/fx.csv" "$work/data/accounts.csv" >/dev/null 2>&1
read -r _ bulk_s bulk_kb < <(measure bulk "$mt" ingest --db "$work/store" "$work/data/transactions.csv")
tx1=$("$mt" stats --db "$work/store" --format json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["transactions"], j["bytes_on_disk"])')
read -r _ inc_s inc_kb < <(measure incremental "$mt" ingest --db "$work/store" "$work/more/transactions.csv")
tx2=$("$mt" stats --db "$work/store" --format json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["transactions"], j["bytes_on_disk"])')
du_bytes=$(du -sb "$work/store" | cut -f1)
python3 - "$n" "$bulk_s" "$bulk_kb" "$inc_s" "$inc_kb" $tx1 $tx2 "$du_bytes" <<'PY'
import sys
n, bulk_s, bulk_kb, inc_s, inc_kb, t1, b1, t2, b2, du = sys.argv[1:]
t1, t2, b1, b2 = int(t1), int(t2), int(b1), int(b2)
print(f"{'load':<28}{'transactions':>14}{'seconds':>10}{'tx/s':>12}{'peak RSS MiB':>14}")
print(f"{'bulk (empty store)':<28}{t1:>14}{float(bulk_s):>10.2f}{t1/float(bulk_s):>12.0f}{int(bulk_kb)/1024:>14.0f}")
print(f"{'incremental (populated)':<28}{t2-t1:>14}{float(inc_s):>10.2f}{(t2-t1)/float(inc_s):>12.0f}{int(inc_kb)/1024:>14.0f}")
print(f"bytes on disk per transaction (SST files, all families incl. indexes): {b2/t2:.1f}")
print(f"bytes in the store directory per transaction (incl. logs, manifest): {int(du)/t2:.1f}")
PY

#!/usr/bin/env bash
# The main job, end to end, on built-in demo data: build (release), generate a
# synthetic dataset with hidden kidnapping cases, load it into a store, and
# show what the store holds, trace and flag the demo case, and write its
# evidence report. Installs what it needs first.
# Usage: tools/demo.sh [OUT_DIR]     (default: demo-out)
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
moneytrail_install_deps
moneytrail_install_web_deps

out=${1:-demo-out}
build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$build" moneytrail
mt="$build/tools/cli/moneytrail"

rm -rf "$out"
mkdir -p "$out"
echo "== generating demo data" >&2
"$mt" demo-data --out "$out/data" --accounts 5000 --transactions 200000 --cases 3 --seed 42
echo "== loading it into $out/store" >&2
"$mt" ingest --db "$out/store" "$out"/data/*
echo "== what the store holds" >&2
"$mt" stats --db "$out/store"
echo "== tracing the demo case K-2024-001 (libr)" >&2
"$mt" trace --db "$out/store" --case K-2024-001
"$mt" trace --db "$out/store" --case K-2024-001 --format json --out "$out/trace-K-2024-001.json"
echo "== the same case under every rule" >&2
"$mt" trace --db "$out/store" --case K-2024-001 --compare
echo "== what to freeze, seize, confiscate and ask abroad for (default rulebook)" >&2
"$mt" flag --db "$out/store" --case K-2024-001
echo "== the evidence report of K-2024-001 (HTML, PDF, JSON, CSV, GraphML + manifest)" >&2
"$mt" report --db "$out/store" --case K-2024-001 --out "$out/report-K-2024-001" >/dev/null
"$mt" verify --db "$out/store" "$out/report-K-2024-001"
echo "== every read above is in the store's hash-chained audit trail" >&2
"$mt" audit --db "$out/store" --verify
echo "== a user for the web UI and API (moneytrail serve)" >&2
rm -f "$out/users.json"
token=$("$mt" users add --users "$out/users.json" --name demo-analyst --role analyst 2>/dev/null)
echo "$token" >"$out/analyst.token"
chmod 600 "$out/analyst.token"
echo >&2
echo "To look at the store in a browser: $mt serve --db $out/store --users $out/users.json" >&2
echo "then open http://127.0.0.1:8080/ and sign in with the token in $out/analyst.token" >&2
echo >&2
echo "Outputs: data in $out/data, store in $out/store, trace in $out/trace-K-2024-001.json," >&2
echo "rejects (if any) in $out/store/rejects" >&2
echo "Evidence report of the demo case (open it in a browser or print it):"
echo "$(cd "$out/report-K-2024-001" && pwd)/report.html"

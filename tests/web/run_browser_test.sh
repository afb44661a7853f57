#!/usr/bin/env bash
# End-to-end browser test of `moneytrail serve` and its web UI (run by CTest).
#
# Generates a small demo store, adds an investigator assigned to the first demo case,
# starts the server on a free port, finds the case's collector account and a flagged
# mule among its counterparties, and drives the UI in headless Chromium
# (tests/web/browser_test.mjs): sign in, search, link chart, double-click expansion,
# case highlighting, case page, evidence report download.
#
# Environment:
#   MONEYTRAIL_BIN   the moneytrail binary (required)
#   MONEYTRAIL_WEB   tools/serve/web, after `npm ci` (required)
#   CHROMIUM         the browser (default /usr/bin/chromium)
#   SCREENSHOT_DIR   where chart.png and case.png go (default: the scratch directory)
# Usage: run_browser_test.sh [SCRATCH_DIR]      (default: a new temporary directory)
# Exit 0 when the test passed, 1 (with the failed step on stderr) when not.
set -euo pipefail

fail() {
  echo "browser test: FAIL: $*" >&2
  exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mt=${MONEYTRAIL_BIN:-}
web=${MONEYTRAIL_WEB:-}
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -n $mt && -x $mt ]] || fail "MONEYTRAIL_BIN must name the moneytrail binary (got '${mt}')"
[[ -n $web && -d $web ]] || fail "MONEYTRAIL_WEB must name tools/serve/web (got '${web}')"
[[ -f $web/node_modules/playwright-core/package.json ]] ||
  fail "playwright-core is not installed: run 'npm ci' in $web"
[[ -f $web/node_modules/cytoscape/dist/cytoscape.min.js ]] ||
  fail "cytoscape is not installed: run 'npm ci' in $web"
[[ -x $chromium ]] || fail "no Chromium at $chromium (apt-get install chromium)"
command -v node >/dev/null || fail "node is not installed"
web=$(cd "$web" && pwd)

own_scratch=0
if [[ -n ${1:-} ]]; then
  scratch=$1
else
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/mt-browser-test.XXXXXX")
  own_scratch=1
fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
rm -rf "$scratch/data" "$scratch/store" "$scratch/users.json" "$scratch/port" \
  "$scratch"/chromium-profile-* "$scratch"/report-*.html
shots=${SCREENSHOT_DIR:-$scratch}
# Debian's RocksDB is not instrumented: its containers trip ASan's container-overflow check.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_container_overflow=0}
export MONEYTRAIL_USER=browser-test
case_id=K-2024-001

echo "== demo store in $scratch" >&2
"$mt" demo-data --out "$scratch/data" --accounts 2000 --transactions 20000 --cases 2 \
  >"$scratch/demo-data.log" 2>&1 || fail "demo-data failed: $(tail -5 "$scratch/demo-data.log")"
"$mt" ingest --db "$scratch/store" "$scratch"/data/* >"$scratch/ingest.log" 2>&1 ||
  fail "ingest failed: $(tail -5 "$scratch/ingest.log")"

echo "== an investigator on $case_id" >&2
token=$("$mt" users add --users "$scratch/users.json" --name ana --role investigator \
  --case "$case_id" 2>"$scratch/users.log") || fail "users add failed: $(cat "$scratch/users.log")"
[[ -n $token && $token != *[[:space:]]* ]] || fail "users add printed no single token: '$token'"

echo "== the collector and a flagged mule of $case_id" >&2
"$mt" trace --db "$scratch/store" --case "$case_id" --format json --purpose "browser test setup" \
  >"$scratch/trace.json" || fail "trace failed"
"$mt" flag --db "$scratch/store" --case "$case_id" --format json --purpose "browser test setup" \
  >"$scratch/flags.json" || fail "flag failed"
# The collector received the ransom: hop 0 of the trace (the largest, if several seeds).
collector=$(node -e '
  const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const hop0 = t.accounts.filter((a) => a.hop === 0)
    .sort((a, b) => Number(b.tainted_received) - Number(a.tainted_received));
  if (!hop0.length) process.exit(1);
  console.log(hop0[0].account);' "$scratch/trace.json") || fail "no hop-0 account in the trace"
"$mt" query neighbors --db "$scratch/store" "$collector" --hops 1 --direction both --limit 1000 \
  --format json --purpose "browser test setup" >"$scratch/neighbors.json" || fail "query neighbors failed"
# The mule: an account the case flags for freezing that the collector paid proceeds to
# directly (so it is a counterparty that double-clicking the collector brings in),
# the largest such freeze. The investigator sees it: it is in the case's trace.
mule=$(node -e '
  const fs = require("fs");
  const [trace, flags, nb] = process.argv.slice(1, 4).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const collector = process.argv[4];
  const counterparties = new Set(nb.neighbors.filter((n) => n.hop === 1).map((n) => n.account));
  const paid = new Set(trace.flows.filter((f) => f.from === collector).map((f) => f.to));
  const freezes = flags.flags
    .filter((f) => f.action === "freeze" && f.subject.kind === "account")
    .filter((f) => f.subject.id !== collector && counterparties.has(f.subject.id) && paid.has(f.subject.id))
    .sort((a, b) => Number(b.amount) - Number(a.amount));
  if (!freezes.length) process.exit(1);
  console.log(freezes[0].subject.id);' \
  "$scratch/trace.json" "$scratch/flags.json" "$scratch/neighbors.json" "$collector") ||
  fail "no account-subject freeze flag of $case_id on a counterparty the collector paid"
echo "   collector $collector, mule $mule" >&2

echo "== serving" >&2
"$mt" serve --db "$scratch/store" --users "$scratch/users.json" --port 0 \
  --port-file "$scratch/port" --web "$web" >"$scratch/serve.log" 2>&1 &
server=$!
cleanup() {
  if kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # so that a timeout's signal still stops the server
for _ in $(seq 1 300); do
  [[ -s $scratch/port ]] && break
  kill -0 "$server" 2>/dev/null || fail "the server exited: $(tail -5 "$scratch/serve.log")"
  sleep 0.1
done
[[ -s $scratch/port ]] || fail "the server wrote no port file within 30 s: $(tail -5 "$scratch/serve.log")"
port=$(tr -d '[:space:]' <"$scratch/port")
[[ $port =~ ^[0-9]+$ ]] || fail "the port file holds '$port'"

echo "== browser (screenshots in $shots)" >&2
status=0
MONEYTRAIL_URL="http://127.0.0.1:$port" MONEYTRAIL_WEB="$web" MONEYTRAIL_TOKEN="$token" \
  MONEYTRAIL_USER=ana MONEYTRAIL_CASE="$case_id" MONEYTRAIL_COLLECTOR="$collector" \
  MONEYTRAIL_MULE="$mule" SCRATCH_DIR="$scratch" SCREENSHOT_DIR="$shots" CHROMIUM="$chromium" \
  node "$here/browser_test.mjs" || status=$?
if ((status != 0)); then
  echo "server log (last 20 lines):" >&2
  tail -20 "$scratch/serve.log" >&2 || true
  echo "(everything is kept in $scratch)" >&2
  exit 1
fi
cleanup
# A scratch directory of our own keeps only the screenshots and the report after a pass.
if ((own_scratch)); then
  rm -rf "$scratch/data" "$scratch/store" "$scratch"/chromium-profile-*
fi

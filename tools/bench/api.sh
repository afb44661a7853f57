#!/usr/bin/env bash
# API benchmark: `moneytrail serve` on loopback with keep-alive, measured by
# wrk (Debian). First each query kind alone on one connection (latency
# percentiles), then 200 connections of mixed queries for 60 s (errors and
# throughput). Every request is audited, so this includes the audit trail's
# group-committed fsyncs.
# Usage: tools/bench/api.sh [STORE] [SECONDS] [CONNECTIONS]
#   STORE        an existing store (opened read-only); default: the 10 M demo
#                store of tools/bench/query.sh, built if missing
#   SECONDS      of the mixed run (default 60); CONNECTIONS (default 200)
# BUILD=dir chooses the Release build directory (default build/release).
# The store's audit log grows by every request: use a copy you can spare.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps wrk curl python3
moneytrail_install_web_deps
store=${1:-/tmp/moneytrail-trace-bench/store}
seconds=${2:-60}
conns=${3:-200}
build=${BUILD:-build/release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
ninja -C "$build" moneytrail >/dev/null
mt=$build/tools/cli/moneytrail
if [ ! -d "$store" ]; then
  work=$(dirname "$store")
  mkdir -p "$work"
  "$mt" demo-data --out "$work/data" --accounts 200000 --transactions 10000000 --cases 1000 --seed 7 >/dev/null
  "$mt" ingest --db "$store" "$work"/data/* 2>/dev/null
fi

tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
token=$("$mt" users add --users "$tmp/users.json" --name bench --role analyst 2>/dev/null)
"$mt" serve --db "$store" --users "$tmp/users.json" --port 0 --port-file "$tmp/port" \
  --rate-limit 0 --threads 4 --max-connections 1024 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 100); do [ -f "$tmp/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$tmp/port")"

# Targets: 500 accounts spread over the store; path pairs A -> a 3-hop
# out-neighbour of A (connected) and A -> another sample account (random).
BASE=$base TOKEN=$token OUT=$tmp python3 - <<'PY'
import json, os, random, urllib.request, urllib.parse
base, token, out = os.environ["BASE"], os.environ["TOKEN"], os.environ["OUT"]
def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(req))
accounts, cursor = [], None
for _ in range(20):
    page = get("/api/v1/accounts?limit=1000" + ("&cursor=" + cursor if cursor else ""))
    accounts += [a["account_id"] for a in page["items"]]
    cursor = page["page"]["next_cursor"]
    if not cursor: break
rnd = random.Random(7)
sample = rnd.sample(accounts, min(500, len(accounts)))
q = urllib.parse.quote
def write(name, lines):
    with open(os.path.join(out, name), "w") as f: f.write("\n".join(lines) + "\n")
write("neighbors2", [f"/api/v1/accounts/{q(a)}/neighbors?hops=2&direction=out" for a in sample])
write("neighbors2both", [f"/api/v1/accounts/{q(a)}/neighbors?hops=2" for a in sample])
write("timeline", [f"/api/v1/accounts/{q(a)}/timeline" for a in sample])
write("linked", [f"/api/v1/accounts/{q(a)}/linked" for a in sample])
write("reach3", [f"/api/v1/accounts/{q(a)}/reach?hops=3&direction=out" for a in sample])
pairs = []
for a in sample[:100]:
    n = get(f"/api/v1/accounts/{q(a)}/neighbors?hops=3&direction=out&limit=1000")["neighbors"]
    far = [x["account"] for x in n if x["hop"] == 3]
    if far: pairs.append((a, rnd.choice(far)))
write("path_connected", [f"/api/v1/paths?from={q(a)}&to={q(b)}" for a, b in pairs])
write("path_random", [f"/api/v1/paths?from={q(a)}&to={q(b)}" for a, b in zip(sample[:100], sample[100:200])])
mixed = []
for kind in ["neighbors2", "neighbors2both", "timeline", "linked", "reach3", "path_connected",
             "path_random"]:
    mixed += open(os.path.join(out, kind)).read().split()
rnd.shuffle(mixed)
write("mixed", mixed)
PY

cat >"$tmp/targets.lua" <<'LUA'
-- Cycles through the paths in TARGETS, each thread from its own offset.
local paths = {}
for line in io.lines(os.getenv("TARGETS")) do paths[#paths + 1] = line end
local i = 0
function setup(thread) i = i + 7; thread:set("start", i) end
function init(args) n = start or 0 end
function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n], {["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
                                      ["X-Purpose"] = "benchmark"})
end
LUA
export TOKEN=$token
# Warm the caches once (the link index and the reach graph are built on the
# first linked and reach queries).
TARGETS=$tmp/mixed wrk -t1 -c4 -d10s -s "$tmp/targets.lua" "$base" >/dev/null
printf '%-34s %9s %9s %9s %9s %8s\n' "query (1 connection, keep-alive)" "p50 ms" "p90 ms" "p99 ms" "req/s" "errors"
for kind in neighbors2 neighbors2both path_connected path_random timeline linked reach3; do
  TARGETS=$tmp/$kind wrk -t1 -c1 -d15s --latency -s "$tmp/targets.lua" "$base" >"$tmp/$kind.out"
  python3 - "$kind" "$tmp/$kind.out" <<'PY'
import re, sys
kind, text = sys.argv[1], open(sys.argv[2]).read()
def ms(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % p, text, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
err = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: (.*)", text)
print("%-34s %9.2f %9.2f %9.2f %9.0f %8s" % (kind, ms(50), ms(90), ms(99), rps,
      (err.group(1) if err else "0") + (" sock" if sock else "")))
PY
done
echo
echo "mixed queries, $conns connections, ${seconds}s:"
TARGETS=$tmp/mixed wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency -s "$tmp/targets.lua" "$base" | tee "$tmp/mixed.out"
grep -q "Non-2xx\|Socket errors" "$tmp/mixed.out" && echo "ERRORS above" || echo "zero errors"

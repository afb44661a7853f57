#!/usr/bin/env bash
# PostgreSQL comparison: 3-hop reachability "where can money from account A
# have gone in at most 3 transfers" on the same data, answered by
# PostgreSQL 15 with a recursive CTE over B-tree indexes, by moneytrail's
# `reach` (in process and over HTTP) and by its
# `GET /api/v1/accounts/{id}/neighbors?hops=3&direction=out` over HTTP.
#
# Both run alone on the machine, one after the other, on the same 100 sample
# accounts (accounts.csv ordered by md5 of the id, among those that sent at
# least one transaction), each query twice; the second (warm) pass is
# reported: p50/p90/p99/max latency (nearest rank) and the mean number of
# accounts reached.
#  - PostgreSQL: a throwaway cluster in a temp dir (unix socket only, C
#    locale, shared_buffers 4GB, work_mem 64MB, jit off); transactions.csv and
#    accounts.csv loaded with COPY, indexes on from_account and to_account,
#    VACUUM ANALYZE. All queries run in one psql session with \timing on
#    (client side over the unix socket: planning + execution + a one-row
#    result; no process start). Two queries, shown verbatim below:
#      "full"     the plain recursive CTE: every account reachable;
#      "hub rule" the same plus moneytrail's max_fanout rule (an account
#                 past the first hop with more than 1000 outgoing
#                 transactions is listed but not expanded), i.e. the
#                 question moneytrail actually answers;
#      "full, covering index" the full query again after adding an index
#                 (from_account) INCLUDE (to_account), so the walk is
#                 index-only as moneytrail's is: PostgreSQL's best case.
#  - moneytrail reach: the same question and answer as PostgreSQL's (how many
#    accounts, with the hub rule), from the in-memory graph of who paid whom:
#    in process (bench_query --reach: the engine alone, as PostgreSQL's
#    \timing is its engine plus a socket round trip), and through
#    `GET /api/v1/accounts/{id}/reach` (HTTP, audit record fsync'd first).
#  - moneytrail: `moneytrail serve` on loopback (rate limit off), requests
#    timed with time.perf_counter over one keep-alive connection, body read
#    included, JSON parsing not. Every request is audited: the store's audit
#    log (STORE/audit/) grows by ~600 records per run and each answer waits
#    for its audit record's group-committed fsync.
# The table is printed for all sample accounts and again for those whose
# moneytrail answer was not cut by its max_entries budget (100000 index
# entries; a cut answer reaches fewer accounts, so is less work). Then the
# reached sets of both are compared on a few accounts (account and smallest
# hop), and the counts on all of them.
#
# Usage: tools/bench/postgres_compare.sh [DATA] [STORE]
#   DATA   the CSVs of `moneytrail demo-data` (default
#          /tmp/moneytrail-trace-bench/data, as tools/bench/trace.sh makes it)
#   STORE  the store ingested from DATA (default /tmp/moneytrail-trace-bench/store)
# MT=binary uses that moneytrail; otherwise it is built in BUILD (default
# build/release). SAMPLES=n (default 100) accounts; COMPARE=n (default 5) of
# them get their whole reached sets compared. Installs postgresql and python3
# (Debian 12: PostgreSQL 15) when missing. Needs root or sudo (the cluster
# runs as the postgres user) and ~6 GB of RAM and ~3 GB of disk in /tmp.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/deps.sh
moneytrail_install_deps postgresql python3
data=${1:-/tmp/moneytrail-trace-bench/data}
store=${2:-/tmp/moneytrail-trace-bench/store}
samples=${SAMPLES:-100}
compare=${COMPARE:-5}
pgbin=/usr/lib/postgresql/15/bin
for f in transactions.csv accounts.csv; do
  [ -f "$data/$f" ] || { echo "postgres_compare: no $data/$f (make it with tools/bench/trace.sh)" >&2; exit 66; }
done
[ -d "$store" ] || { echo "postgres_compare: no store $store" >&2; exit 66; }
if [ -n "${MT:-}" ]; then
  mt=$MT
else
  build=${BUILD:-build/release}
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  ninja -C "$build" moneytrail bench_query >/dev/null
  mt=$build/tools/cli/moneytrail
fi
bench_query=${BENCH_QUERY:-${BUILD:-build/release}/tools/bench/bench_query}
[ -x "$bench_query" ] || { echo "postgres_compare: no $bench_query (BENCH_QUERY=path)" >&2; exit 69; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres -- "$@"; fi
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

tmp=$(mktemp -d /tmp/pg-compare.XXXXXX)
chmod 755 "$tmp"
mkdir "$tmp/pg" "$tmp/sock"
chown postgres: "$tmp/pg" "$tmp/sock"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -f "$tmp/pg/postmaster.pid" ]; then
    as_postgres "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL: cluster, load, indexes ---------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$pgbin/initdb" -D "$tmp/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
cat >>"$tmp/pg/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$tmp/sock'
port = $port
shared_buffers = 4GB
work_mem = 64MB
maintenance_work_mem = 2GB
effective_cache_size = 16GB
random_page_cost = 1.1
wal_level = minimal
max_wal_senders = 0
max_wal_size = 16GB
checkpoint_timeout = 30min
jit = off
CONF
as_postgres "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/server.log" -w start >/dev/null ||
  { cat "$tmp/pg/server.log" >&2; exit 70; }
sql() { as_postgres "$pgbin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$tmp/sock" -p "$port" -U postgres -d postgres "$@"; }

# CREATE TABLE from a CSV's header: timestamp timestamptz, amount and
# opening_balance numeric, the rest text (empty fields load as NULL).
ddl() {  # table csv
  local cols=() c t
  while read -r c; do
    case $c in timestamp) t=timestamptz ;; amount | opening_balance) t=numeric ;; *) t=text ;; esac
    cols+=("\"$c\" $t")
  done < <(head -1 "$2" | tr -d '\r' | tr ',' '\n')
  (IFS=,; echo "CREATE TABLE $1 (${cols[*]})")
}
header=",$(head -1 "$data/transactions.csv" | tr -d '\r'),"
for c in from_account to_account; do
  case $header in *",$c,"*) ;; *) echo "postgres_compare: transactions.csv has no $c column" >&2; exit 65 ;; esac
done
echo "PostgreSQL $(sql -c 'SHOW server_version'), moneytrail $("$mt" --version 2>&1 | awk '{print $NF}'), $(nproc) cores"
echo
printf '%-52s %9s\n' "PostgreSQL load step" "seconds"
# Table created in the loading transaction: with wal_level minimal, no WAL.
t=$(now)
sql -1 -c "$(ddl transactions "$data/transactions.csv")" \
  -c "COPY transactions FROM STDIN WITH (FORMAT csv, HEADER true)" <"$data/transactions.csv"
printf '%-52s %9s\n' "COPY transactions.csv" "$(since "$t")"
t=$(now)
sql -1 -c "$(ddl accounts "$data/accounts.csv")" \
  -c "COPY accounts FROM STDIN WITH (FORMAT csv, HEADER true)" <"$data/accounts.csv"
printf '%-52s %9s\n' "COPY accounts.csv" "$(since "$t")"
t=$(now)
sql -c "CREATE INDEX transactions_from ON transactions (from_account)"
printf '%-52s %9s\n' "CREATE INDEX on transactions (from_account)" "$(since "$t")"
t=$(now)
sql -c "CREATE INDEX transactions_to ON transactions (to_account)"
printf '%-52s %9s\n' "CREATE INDEX on transactions (to_account)" "$(since "$t")"
t=$(now)
sql -c "CREATE UNIQUE INDEX accounts_id ON accounts (account_id)"
printf '%-52s %9s\n' "CREATE UNIQUE INDEX on accounts (account_id)" "$(since "$t")"
t=$(now)
sql -c "VACUUM ANALYZE transactions" -c "VACUUM ANALYZE accounts"
printf '%-52s %9s\n' "VACUUM ANALYZE" "$(since "$t")"
sql -F ' ' -c "SELECT (SELECT count(*) FROM transactions), pg_size_pretty(pg_table_size('transactions')),
  pg_size_pretty(pg_indexes_size('transactions'))" |
  awk '{printf "transactions: %s rows, table %s %s, indexes %s %s\n", $1, $2, $3, $4, $5}'
echo "moneytrail store: $(du -sh "$store" | cut -f1) on disk (ingest of the same files: see its own log)"

# --- the sample and the SQL ----------------------------------------------------
sql -c "SELECT a.account_id FROM accounts a
         WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.from_account = a.account_id)
         ORDER BY md5(a.account_id) LIMIT $samples" >"$tmp/accounts"
[ "$(wc -l <"$tmp/accounts")" -eq "$samples" ] || { echo "postgres_compare: fewer than $samples accounts" >&2; exit 65; }
hubs=$(sql -c "SELECT count(*) FROM (SELECT a.account_id FROM accounts a
         WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.from_account = a.account_id)
         ORDER BY md5(a.account_id) LIMIT $samples) s
         WHERE (SELECT count(*) FROM transactions t WHERE t.from_account = s.account_id) > 1000")

# :'a' is the sample account (psql quotes it as a literal). Cash is an empty
# to_account (NULL after COPY) or 'CASH': never reached, never walked through.
# UNION deduplicates (account, depth); an account is counted once, at any depth.
# reach_cte EXTRA: the recursive walk, with EXTRA added to the recursive step's
# conditions.
reach_cte() {
  printf '%s\n' "WITH RECURSIVE reach(account, depth) AS (
    SELECT t.to_account, 1
      FROM transactions t
     WHERE t.from_account = :'a'
       AND t.to_account IS NOT NULL AND t.to_account <> 'CASH'
  UNION
    SELECT t.to_account, r.depth + 1
      FROM reach r
      JOIN transactions t ON t.from_account = r.account
     WHERE r.depth < 3${1}
       AND t.to_account IS NOT NULL AND t.to_account <> 'CASH'
)"
}
reach_full=$(reach_cte "")
# The same with moneytrail's hub rule: an account reached at depth 1 or 2 with
# more than 1000 outgoing transactions (any counterparty, cash included) is
# reached but not expanded. The queried account itself is always expanded.
reach_hub=$(reach_cte "
       AND (SELECT count(*) FROM (SELECT FROM transactions o
                                   WHERE o.from_account = r.account LIMIT 1001) o) <= 1000")
count_sql="SELECT count(DISTINCT account) FROM reach WHERE account <> :'a';"
set_sql="SELECT account, min(depth) FROM reach WHERE account <> :'a' GROUP BY account ORDER BY account;"
echo
echo "Timed PostgreSQL queries (full, then hub rule; :'a' = the account):"
echo "$reach_full"
echo "$count_sql"
echo
echo "$reach_hub"
echo "$count_sql"
echo

psql_set() {  # account -> \set line, quoted for psql
  printf "\\\\set a '%s'\n" "$(printf '%s' "$1" | sed "s/\\\\/\\\\\\\\/g; s/'/''/g")"
}
{
  echo '\timing on'
  for q in full hub; do
    if [ $q = full ]; then body=$reach_full; else body=$reach_hub; fi
    for pass in 1 2; do
      while read -r a; do
        echo "\\echo @ $q $pass $a"
        psql_set "$a"
        echo "$body"
        echo "$count_sql"
      done <"$tmp/accounts"
    done
  done
} >"$tmp/timed.sql"
head -"$compare" "$tmp/accounts" >"$tmp/compare"
{
  while read -r a; do
    psql_set "$a"
    echo "\\echo @ full $a"; echo "$reach_full"; echo "$set_sql"
    echo "\\echo @ hub $a"; echo "$reach_hub"; echo "$set_sql"
  done <"$tmp/compare"
} >"$tmp/sets.sql"
# Plans for the record (TIMING OFF: per-node timing would inflate the run).
explain="EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, COSTS OFF) $reach_full $count_sql"
{ psql_set "$(head -1 "$tmp/accounts")"; echo "$explain"; } >"$tmp/explain.sql"
# The same full query again after adding a covering index, so that the walk
# reads to_account from the index (index-only scans) as moneytrail's account
# index does: PostgreSQL's best case with what a DBA would add.
{
  echo '\timing on'
  for pass in 1 2; do
    while read -r a; do
      echo "\\echo @ covering $pass $a"
      psql_set "$a"
      echo "$reach_full"
      echo "$count_sql"
    done <"$tmp/accounts"
  done
} >"$tmp/timed_covering.sql"

t=$(now)
sql -f - <"$tmp/timed.sql" >"$tmp/pg.out"
pg_seconds=$(since "$t")
sql -F ' ' -f - <"$tmp/sets.sql" >"$tmp/pg_sets.out"
sql -f - <"$tmp/explain.sql" >"$tmp/explain.out"
t=$(now)
sql -c "CREATE INDEX transactions_from_to ON transactions (from_account) INCLUDE (to_account)"
covering_index_seconds=$(since "$t")
t=$(now)
sql -f - <"$tmp/timed_covering.sql" >>"$tmp/pg.out"
pg_seconds="$pg_seconds + $(since "$t")"
sql -f - <"$tmp/explain.sql" >"$tmp/explain_covering.out"
as_postgres "$pgbin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null

# --- moneytrail -----------------------------------------------------------------
"$bench_query" "$store" --reach "$tmp/accounts" >"$tmp/reach_inprocess.out"
token=$("$mt" users add --users "$tmp/users.json" --name bench --role analyst 2>/dev/null)
"$mt" serve --db "$store" --users "$tmp/users.json" --port 0 --port-file "$tmp/port" \
  --rate-limit 0 --web '' 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 600); do
  [ -s "$tmp/port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 70; }
  sleep 0.1
done
[ -s "$tmp/port" ] || { echo "postgres_compare: the server did not start" >&2; exit 70; }
t=$(now)
PORT=$(cat "$tmp/port") TOKEN=$token TMP=$tmp python3 - <<'PY'
import http.client, json, os, time, urllib.parse
tmp = os.environ["TMP"]
conn = http.client.HTTPConnection("127.0.0.1", int(os.environ["PORT"]), timeout=300)
headers = {"Authorization": "Bearer " + os.environ["TOKEN"], "X-Purpose": "benchmark"}

def get(path):
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit(f"GET {path}: {r.status} {body[:300]!r}")
    doc = json.loads(body)
    doc["_bytes"] = len(body)
    return ms, doc

def path(a, query):
    return f"/api/v1/accounts/{urllib.parse.quote(a, safe='')}/neighbors?{query}"

accounts = open(os.path.join(tmp, "accounts")).read().split()
with open(os.path.join(tmp, "mt.out"), "w") as out:
    for kind, query in [("hops3", "hops=3&direction=out&limit=1000"),
                        ("hops1", "hops=1&direction=out&limit=1")]:
        for p in (1, 2):
            for a in accounts:
                ms, doc = get(path(a, query))
                out.write(f"{kind}\t{p}\t{a}\t{ms:.3f}\t{doc['found']}\t{int(doc['truncated'])}\t"
                          f"{','.join(doc['truncated_by']) or '-'}\t{doc['hubs']}\t{doc['_bytes']}\n")
    # reach: the first request builds the graph (timed apart, not in the table).
    t0 = time.perf_counter()
    get(f"/api/v1/accounts/{urllib.parse.quote(accounts[0], safe='')}/reach?hops=1")
    out.write(f"build\t0\t-\t{(time.perf_counter() - t0) * 1000:.3f}\t0\t0\t-\t0\t0\n")
    for p in (1, 2):
        for a in accounts:
            ms, doc = get(f"/api/v1/accounts/{urllib.parse.quote(a, safe='')}/reach?hops=3&direction=out")
            out.write(f"reach\t{p}\t{a}\t{ms:.3f}\t{doc['found']}\t{int(doc['truncated'])}\t"
                      f"{','.join(doc['truncated_by']) or '-'}\t{doc['hubs']}\t{doc['_bytes']}\n")
# Whole reached sets, page by page (not timed).
with open(os.path.join(tmp, "mt_sets.out"), "w") as out:
    for a in open(os.path.join(tmp, "compare")).read().split():
        cursor = None
        while True:
            q = "hops=3&direction=out&limit=1000" + (f"&cursor={cursor}" if cursor else "")
            _, doc = get(path(a, q))
            for n in doc["neighbors"]:
                out.write(f"{a}\t{n['account']}\t{n['hop']}\t{int(n['hub'])}\n")
            cursor = doc["page"]["next_cursor"]
            if not cursor:
                break
PY
mt_seconds=$(since "$t")
kill "$server" && wait "$server" 2>/dev/null || true
server=""

# --- results --------------------------------------------------------------------
echo "wall time of the runs (both passes, incl. set fetches): PostgreSQL ${pg_seconds}s, moneytrail ${mt_seconds}s"
echo "covering index (from_account) INCLUDE (to_account), built after the other runs: ${covering_index_seconds}s"
echo "sample accounts that are hubs themselves (> 1000 outgoing; always expanded): $hubs of $samples"
echo
TMP=$tmp SAMPLES=$samples python3 - <<'PY'
import collections, math, os, re
tmp = os.environ["TMP"]

def pct(xs, p):  # nearest rank
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]

# psql output: "@ kind pass account", the count, "Time: 12.345 ms".
pg = collections.defaultdict(dict)  # (kind, pass) -> account -> [ms, count]
key = None
for line in open(os.path.join(tmp, "pg.out")):
    line = line.strip()
    if line.startswith("@ "):
        _, kind, p, a = line.split(" ", 3)
        key = (kind, int(p), a)
        pg[key[:2]][a] = [None, None]
    elif line.startswith("Time:"):
        pg[key[:2]][key[2]][0] = float(re.match(r"Time: ([\d.]+) ms", line).group(1))
    elif line:
        pg[key[:2]][key[2]][1] = int(line)
mt = collections.defaultdict(dict)
for line in open(os.path.join(tmp, "mt.out")):
    kind, p, a, ms, found, trunc, by, hubs, size = line.rstrip("\n").split("\t")
    mt[(kind, int(p))][a] = (float(ms), int(found), int(trunc), by, int(hubs), int(size))

m2 = mt[("hops3", 2)]
complete = [a for a in m2 if "budget" not in m2[a][3]]
systems = [
    ("PostgreSQL recursive CTE, full", pg[("full", 2)]),
    ("PostgreSQL recursive CTE, hub rule", pg[("hub", 2)]),
    ("PostgreSQL full, covering index", pg[("covering", 2)]),
    ("moneytrail HTTP neighbors hops=3", {a: v[:2] for a, v in m2.items()}),
    ("moneytrail HTTP reach hops=3", {a: v[:2] for a, v in mt[("reach", 2)].items()}),
]
floor = {a: v[:2] for a, v in mt[("hops1", 2)].items()}

def table(title, accounts):
    print(f"{title} ({len(accounts)} accounts, second (warm) pass), ms:")
    print(f"{'system':<40}{'p50':>9}{'p90':>9}{'p99':>9}{'max':>9}{'mean reached':>15}")
    for name, d in systems + [("moneytrail hops=1 limit=1 (HTTP floor)", floor)]:
        ms = [d[a][0] for a in accounts]
        reached = [d[a][1] for a in accounts]
        mean = f"{sum(reached) / len(reached):>15.1f}" if "floor" not in name else ""
        print(f"{name:<40}{pct(ms, 50):>9.2f}{pct(ms, 90):>9.2f}{pct(ms, 99):>9.2f}{max(ms):>9.2f}{mean}")
    for mine in systems[3:]:
        m = [mine[1][a][0] for a in accounts]
        for name, d in systems[:3]:
            ms = [d[a][0] for a in accounts]
            print(f"ratio {name[11:]} / {mine[0][11:]}: p50 {pct(ms, 50) / pct(m, 50):.1f}x, "
                  f"p99 {pct(ms, 99) / pct(m, 99):.1f}x")
    print()

table("3-hop reachability out, all sample accounts", list(m2))
table("only where moneytrail's answer is complete (not cut by max_entries; same sets)", complete)
print(f"moneytrail response body: mean {sum(v[5] for v in m2.values()) / len(m2) / 1024:.0f} KiB "
      f"(up to 1000 neighbours with aggregates); PostgreSQL returns one count")
p1 = {k: [v[0] for v in d.values()] for k, d in list(pg.items()) + list(mt.items())}
print("first (cold) pass p50/p99 ms: " + ", ".join(
    f"{k[0]} {pct(v, 50):.2f}/{pct(v, 99):.2f}" for k, v in p1.items() if k[1] == 1))

by = collections.Counter(v[3] for v in m2.values())
print(f"moneytrail answers: truncated {sum(v[2] for v in m2.values())} of {len(m2)} "
      f"(truncated_by: {dict(by)}), hubs per answer mean {sum(v[4] for v in m2.values()) / len(m2):.1f}")

# Counts on every account: moneytrail found vs PostgreSQL.
full, hub = pg[("full", 2)], pg[("hub", 2)]
reach = mt[("reach", 2)]
print(f"reach: the HTTP request that built the graph took {mt[('build', 0)]['-'][0]:.0f} ms")
print(f"reach counts == PostgreSQL hub rule on {sum(reach[a][1] == hub[a][1] for a in reach)} "
      f"of {len(reach)} accounts")
for a in reach:
    if reach[a][1] != hub[a][1]:
        print(f"  reach differs: {a} moneytrail {reach[a][1]}, PostgreSQL hub rule {hub[a][1]}")
same_hub = [a for a in m2 if m2[a][1] == hub[a][1]]
budget = [a for a in m2 if "budget" in m2[a][3]]
print(f"counts: moneytrail found == PostgreSQL hub rule on {len(same_hub)} of {len(m2)} accounts; "
      f"== full on {sum(m2[a][1] == full[a][1] for a in m2)}; budget-cut answers {len(budget)}")
for a in m2:
    if m2[a][1] != hub[a][1]:
        print(f"  differs: {a} moneytrail {m2[a][1]} ({m2[a][3]}), PostgreSQL hub rule {hub[a][1]}, "
              f"full {full[a][1]}")

# Whole sets, (account, smallest hop), on the first few accounts.
pgs = collections.defaultdict(dict)
for line in open(os.path.join(tmp, "pg_sets.out")):
    line = line.strip()
    if line.startswith("@ "):
        _, kind, a = line.split(" ", 2)
        cur = pgs[(kind, a)]
    elif line:
        acc, depth = line.split(" ")
        cur[acc] = int(depth)
mts = collections.defaultdict(dict)
for line in open(os.path.join(tmp, "mt_sets.out")):
    a, acc, hop, _ = line.rstrip("\n").split("\t")
    mts[a][acc] = int(hop)
print("reached sets, (account, smallest hop):")
for a in dict.fromkeys(k[1] for k in pgs):
    m, h, f = mts[a], pgs[("hub", a)], pgs[("full", a)]
    def cmp(other):
        if m == other:
            return "identical"
        only_m = set(m) - set(other)
        only_o = set(other) - set(m)
        hops = sum(1 for x in set(m) & set(other) if m[x] != other[x])
        return f"moneytrail-only {len(only_m)}, PostgreSQL-only {len(only_o)}, other hop {hops}"
    print(f"  {a}: moneytrail {len(m)}, PostgreSQL hub rule {len(h)} ({cmp(h)}), "
          f"full {len(f)} ({cmp(f)})")
PY
echo
echo "moneytrail reach in process (bench_query --reach, the same accounts; the engine alone):"
sed 's/^/  /' "$tmp/reach_inprocess.out"
python3 - "$tmp" <<'PY'
import collections, math, re, sys
tmp = sys.argv[1]
def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]
mine = {}
for line in open(f"{tmp}/reach_inprocess.out"):
    f = line.split()
    if line.startswith("reach 3 hops out"):
        mine = {"p50": float(f[7]), "p99": float(f[9])}  # name is six words
pg, key = collections.defaultdict(list), None
for line in open(f"{tmp}/pg.out"):
    line = line.strip()
    if line.startswith("@ "):
        key = tuple(line.split(" ")[1:3])
    elif line.startswith("Time:") and key[1] == "2":
        pg[key[0]].append(float(re.match(r"Time: ([\d.]+) ms", line).group(1)))
for kind in ("full", "hub", "covering"):
    print(f"ratio PostgreSQL {kind} / moneytrail reach in process: "
          f"p50 {pct(pg[kind], 50) / mine['p50']:.0f}x, p99 {pct(pg[kind], 99) / mine['p99']:.0f}x")
PY
echo
echo "PostgreSQL plan of the full query for the first account, plain indexes (EXPLAIN's"
echo "instrumentation makes its Execution Time longer than the timed runs):"
sed 's/^/  /' "$tmp/explain.out"
echo "... and with the covering index:"
sed 's/^/  /' "$tmp/explain_covering.out"

#!/usr/bin/env python3
"""What one case would cost on a store partitioned by account across nodes.

Reads a batch's output directory (one trace JSON per case, `moneytrail trace
--all-cases`) and the transactions CSV the store was loaded from, and
simulates the design of docs/SCALE.md: every account's history lives on one
owner node (hash of the account id, modulo P); the node tracing a case fetches
the histories it needs from their owners, one round per hop, as the replay
discovers the accounts (the reach-growing replay of engine/ledger/CaseLedger).

Per case it counts:
  accounts      accounts whose history the case needs (every account of the trace)
  transactions  the entries of those histories (in + out): what is shipped
  rounds        hops of the deepest account + 1: sequential fetch rounds
  messages      per round, one request and one answer per owner node other
                than the tracing node that owns an account of that round
  bytes         transactions x 32 (the in-memory snapshot's bytes per transaction)

Usage: scale_sim.py BATCH_DIR TRANSACTIONS_CSV [P ...]   (default P: 16 64 256)
"""
import csv
import hashlib
import json
import os
import sys
from collections import Counter


def pct(values, p):
    if not values:
        return 0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-len(s) * p // 100) - 1))]


def owner(account, parts):
    return int.from_bytes(hashlib.blake2b(account.encode(), digest_size=8).digest(), "big") % parts


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    batch, tx_csv = sys.argv[1], sys.argv[2]
    parts_list = [int(p) for p in sys.argv[3:]] or [16, 64, 256]
    degree = Counter()
    n_tx = 0
    with open(tx_csv, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        fi, ti = header.index("from_account"), header.index("to_account")
        for row in r:
            n_tx += 1
            degree[row[fi]] += 1
            degree[row[ti]] += 1
    summary = json.load(open(os.path.join(batch, "summary.json")))
    rows = []
    for c in summary["cases"]:
        if "file" not in c:
            continue
        t = json.load(open(os.path.join(batch, c["file"])))
        by_hop = {}
        for a in t["accounts"]:
            by_hop.setdefault(a["hop"], set()).add(a["account"])
        accounts = set().union(*by_hop.values()) if by_hop else set()
        txs = sum(degree[a] for a in accounts)
        msgs = {}
        for parts in parts_list:
            home = owner(c["case_id"], parts)
            m = 0
            for hop_accounts in by_hop.values():
                owners = {owner(a, parts) for a in hop_accounts} - {home}
                m += 2 * len(owners)
            msgs[parts] = m
        rows.append((len(accounts), txs, (max(by_hop) + 1) if by_hop else 0, msgs))
    print(f"store: {n_tx:,} transactions, {len(degree):,} accounts; {len(rows)} cases traced "
          f"({summary['method']})")
    print(f"{'per case':<28} {'p50':>10} {'p90':>10} {'p99':>10} {'max':>10}")

    def line(name, values):
        print(f"{name:<28} " + " ".join(f"{pct(values, p):>10,}" for p in (50, 90, 99, 100)))

    line("accounts", [r[0] for r in rows])
    line("transactions (histories)", [r[1] for r in rows])
    line("rounds", [r[2] for r in rows])
    line("KiB shipped", [r[1] * 32 // 1024 for r in rows])
    for parts in parts_list:
        line(f"messages, {parts} nodes", [r[3][parts] for r in rows])
    mean = sum(r[1] for r in rows) / max(1, len(rows))
    print(f"mean per case: {mean:,.0f} history entries, {mean / max(1, 2 * n_tx):.4%} of the store's "
          f"{2 * n_tx:,} (each transaction is in two histories)")


if __name__ == "__main__":
    main()

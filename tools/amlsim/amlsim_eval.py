#!/usr/bin/env python3
"""Typology recall and precision of `moneytrail flag --typologies` on IBM AMLSim samples.

For each ../shared/data/amlsim/sample/20K_* directory: converts nodes.csv and
transactions.csv into moneytrail's accounts.csv / transactions.csv (FORMATS.md),
ingests them into a fresh store, runs `flag --typologies --format json` with a
rulebook, and compares the flagged accounts with the `isFraud` labels.

Conversion: node N becomes account "A<N>" (opening balance = init_balance);
row i of transactions.csv becomes tx "T<i>" at 2024-01-01 + (time - 1) days +
i seconds (AMLSim's `time` is a day step; the seconds keep file order inside a
day). Amounts are AMLSim's USD values written as EUR (the store's base
currency): typologies compare amounts only with each other, so no FX is needed.

Then, per sample, the ceiling that the labels themselves set (see ceiling()).

Usage: tools/amlsim/amlsim_eval.py MONEYTRAIL_BIN RULEBOOK [WORK_DIR] [SAMPLE_DIR]
Figures are printed as floats: they are a report, not money.
"""
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys


def convert(src, dst):
    os.makedirs(dst, exist_ok=True)
    labels = {}
    with open(os.path.join(src, "nodes.csv")) as f, open(os.path.join(dst, "accounts.csv"), "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["account_id", "holder_id", "country", "currency", "opening_balance", "kind"])
        for r in csv.DictReader(f):
            acc = "A" + r["nodeid"]
            labels[acc] = r["isFraud"] == "1"
            w.writerow([acc, "", "", "EUR", "%.2f" % float(r["init_balance"]), "bank"])
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    with open(os.path.join(src, "transactions.csv")) as f, open(os.path.join(dst, "transactions.csv"), "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel"])
        rows = list(csv.DictReader(f))
        for i, r in sorted(enumerate(rows), key=lambda p: (int(p[1]["time"]), p[0])):
            t = base + datetime.timedelta(days=int(r["time"]) - 1, seconds=i % 86400)
            w.writerow(["T%d" % i, t.strftime("%Y-%m-%dT%H:%M:%SZ"), "A" + r["sourceNodeId"], "A" + r["targetNodeId"],
                        "%.2f" % float(r["value"]), "EUR", "wire"])
    transfers = [("A" + r["sourceNodeId"], "A" + r["targetNodeId"], float(r["value"])) for r in rows]
    return labels, transfers


def score(flagged, labels):
    fraud = {a for a, y in labels.items() if y}
    tp = len(flagged & fraud)
    recall = tp / len(fraud) if fraud else 0.0
    precision = tp / len(flagged) if flagged else 0.0
    return recall, precision, len(flagged), tp, len(fraud)


def ceiling(labels, transfers, flagged, splitters):
    """What any rule over the transactions could reach, judged with the labels.

    A labelled account "acts" when it is party to a transfer, between two labelled
    accounts, of an amount below every amount that two unlabelled accounts ever
    exchange: the pattern transfers AMLSim injects. The other labelled accounts
    ("silent") send and receive only ordinary traffic. The one trace they leave
    is whom they deal with, so the best any link rule could do is measured with
    an oracle: it knows every other account's label and flags an account with at
    least K labelled counterparties. Then the same without the oracle: the best
    of a grid of link rules that add, to what the rules flagged, accounts with
    at least K counterparties that split transfers making at least a share R of
    their counterparties, at precision 0.5 or more. Returns printable lines.
    """
    ordinary_min = min(v for a, b, v in transfers if not labels[a] and not labels[b])
    acting, peers = set(), {}
    for a, b, v in transfers:
        if labels[a] and labels[b] and v < ordinary_min:
            acting.update((a, b))
        if a != b:
            peers.setdefault(a, set()).add(b)
            peers.setdefault(b, set()).add(a)
    fraud = {a for a, y in labels.items() if y}
    silent = fraud - acting
    labelled_peers = {a: sum(labels[p] for p in ps) for a, ps in peers.items()}
    splitting_peers = {a: len(ps & splitters) for a, ps in peers.items()}
    lines = ["labelled %d: %d act (a transfer below %.2f, the least between unlabelled accounts), "
             "%d silent; flagged: %d of the acting (%.3f), %d of the silent"
             % (len(fraud), len(acting), ordinary_min, len(silent), len(acting & flagged),
                len(acting & flagged) / max(len(acting), 1), len(silent & flagged))]
    for k in (2, 3, 4):
        hit = {a for a, n in labelled_peers.items() if a not in acting and n >= k}
        tp = len(hit & silent)
        lines.append("oracle link rule, >= %d labelled counterparties: %d of %d silent found, %d unlabelled "
                     "flagged (precision %.3f); with every acting account: recall %.3f precision %.3f"
                     % (k, tp, len(silent), len(hit) - tp, tp / max(len(hit), 1),
                        (len(acting) + tp) / len(fraud), (len(acting) + tp) / (len(acting) + len(hit))))
    best = None
    for k in range(1, 7):
        for share in (0, 0.1, 0.2, 0.3, 0.4, 0.5):
            hit = {a for a, n in splitting_peers.items()
                   if a not in flagged and n >= k and n >= share * len(peers[a])}
            tp = len((flagged | hit) & fraud)
            recall, precision = tp / len(fraud), tp / max(len(flagged | hit), 1)
            if precision >= 0.5 and (best is None or recall > best[0]):
                best = (recall, precision, k, share)
    if best:
        lines.append("best link rule over splitting counterparties at precision >= 0.5: recall %.3f precision %.3f "
                     "(K = %d, R = %.1f)" % best)
    return lines


def main():
    mt, rulebook = sys.argv[1], sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else "/tmp/mt-amlsim"
    here = os.path.dirname(os.path.abspath(__file__))
    sample = sys.argv[4] if len(sys.argv) > 4 else os.path.join(here, "../../../shared/data/amlsim/sample")
    for name in sorted(os.listdir(sample)):
        if not name.startswith("20K_"):
            continue
        d = os.path.join(work, name)
        shutil.rmtree(d, ignore_errors=True)
        labels, transfers = convert(os.path.join(sample, name), os.path.join(d, "data"))
        subprocess.run([mt, "ingest", "--db", os.path.join(d, "store"), os.path.join(d, "data", "accounts.csv"),
                        os.path.join(d, "data", "transactions.csv")], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        out = subprocess.run([mt, "flag", "--db", os.path.join(d, "store"), "--typologies", "--rules", rulebook,
                              "--format", "json"], check=True, capture_output=True, text=True).stdout
        flags = json.loads(out)["flags"]
        by_rule = {}
        for f in flags:
            by_rule.setdefault(f["rule_id"], set()).add(f["subject"]["id"])
        union = set().union(*by_rule.values()) if by_rule else set()
        for rule, accounts in sorted(by_rule.items()) + [("(any rule)", union)]:
            r, p, n, tp, nf = score(accounts, labels)
            print("%-22s %-34s recall %.3f precision %.3f  (flagged %d, true %d, labelled %d)" % (name, rule, r, p, n, tp, nf))
        splitters = by_rule.get("typology-split-transfers", set())
        for line in ceiling(labels, transfers, union, splitters):
            print("%-22s ceiling: %s" % (name, line))


if __name__ == "__main__":
    main()

#include "engine/trace/trace_table.h"

#include <algorithm>
#include <functional>
#include <future>

#include "engine/core/amount.h"
#include "engine/trace/text_table.h"

namespace moneytrail::trace {

std::string InferredFundsWarning(const TraceResult& r, const TraceLabels& l) {
  // Only accounts that held taint: a caller may replay partial histories of
  // the others (engine/ledger), whose gaps say nothing about the data.
  int64_t total = 0;
  size_t accounts = 0;
  for (const AccountResult& a : r.accounts) {
    if (a.inferred_funds == 0) continue;
    total += a.inferred_funds;
    ++accounts;
  }
  if (accounts == 0) return "";
  return "warning: inferred funds of " + Money(l, total) + " " + l.currency + " were added to " +
         std::to_string(accounts) + (accounts == 1 ? " account" : " accounts") +
         " that held taint, whose balance was below a debit (gaps in the data, rule 4)\n";
}

namespace {

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

// "Where the money is now": every account that holds taint.
std::string HeldTable(const TraceResult& r, const TraceInput& in, const TraceLabels& l) {
  const bool several = r.claimants.size() > 1;
  std::vector<std::string> header = {"ACCOUNT", "HOP", "HOLDER", "COUNTRY", "TAINTED BALANCE"};
  if (several) header.push_back("BY CLAIMANT");
  TextTable held(header, {false, true, false, false, true});
  for (const AccountResult& a : r.accounts) {
    if (a.tainted_balance == 0) continue;
    const std::string& id = in.accounts[a.account].id;
    AccountLabel label = l.Account(id);
    std::vector<std::string> row = {id, std::to_string(a.hop), OrDash(label.holder_id),
                                    OrDash(label.country), Money(l, a.tainted_balance)};
    if (several) {
      std::string by;
      for (const ClaimantAccountTotals& c : a.by_claimant) {
        if (c.balance == 0) continue;
        by += (by.empty() ? "" : ", ") + r.claimants[c.claimant] + " " + Money(l, c.balance);
      }
      row.push_back(by);
    }
    held.AddRow(std::move(row));
  }
  return held.empty() ? "  (no account holds taint)\n" : held.Render();
}

std::string ExitsTable(const TraceResult& r, const TraceInput& in, const TraceLabels& l) {
  const bool several = r.claimants.size() > 1;
  std::vector<std::string> header = {"TX", "TIMESTAMP", "KIND", "ACCOUNT", "ASSET", "TAINTED"};
  if (several) header.push_back("BY CLAIMANT");
  TextTable exits(header, {false, false, false, false, false, true});
  for (const ExitResult& e : r.exits) {
    const LedgerTx& tx = in.txs[e.tx];
    std::vector<std::string> row = {l.TxId(tx.ref),
                                    FormatTimestamp(tx.timestamp),
                                    std::string(ExitKindName(e.kind)),
                                    in.accounts[e.account].id,
                                    OrDash(e.asset_id),
                                    Money(l, e.tainted_amount)};
    if (several) {
      std::string by;
      for (const ClaimantAmount& ca : r.ByClaimant(e)) {
        by += (by.empty() ? "" : ", ") + r.claimants[ca.claimant] + " " + Money(l, ca.amount);
      }
      row.push_back(by);
    }
    exits.AddRow(std::move(row));
  }
  return exits.empty() ? "  (none)\n" : exits.Render();
}

}  // namespace

std::string RenderTraceTable(const TraceResult& r, const TraceInput& in, const TraceLabels& l) {
  const bool several = r.claimants.size() > 1;
  // A whole-ledger trace has hundreds of thousands of rows in each table:
  // they are rendered side by side (the labels' callbacks allow it). Below
  // that a thread costs more than it saves.
  constexpr size_t kParallelFrom = 50'000;
  std::future<std::string> exits_later;
  if (std::min(r.accounts.size(), r.exits.size()) >= kParallelFrom) {
    exits_later =
        std::async(std::launch::async, ExitsTable, std::cref(r), std::cref(in), std::cref(l));
  }
  std::string out = "Case " + in.case_id + ", method " + std::string(MethodName(r.method)) +
                    ", currency " + l.currency + ", until " +
                    (r.until ? FormatTimestamp(*r.until) : std::string("end of data")) +
                    ", max hops " + (r.max_hops ? std::to_string(*r.max_hops) : "none") + "\n";
  out += "Seed total: " + Money(l, r.seed_total);
  if (!r.claimants.empty()) {
    out += " (";
    for (size_t c = 0; c < r.claimants.size(); ++c) {
      out += (c ? ", " : "") + r.claimants[c] + " " + Money(l, r.by_claimant[c].seed_total);
    }
    out += ")";
  }
  out += "\n\nWhere the money is now\n";
  out += HeldTable(r, in, l);
  out += "\nExits\n";
  out += exits_later.valid() ? exits_later.get() : ExitsTable(r, in, l);

  out += "\nReconciliation (seed total = held + exited)\n";
  const bool poison = r.method == Method::kPoison;
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    const ClaimantSummary& s = r.by_claimant[c];
    auto sum = CheckedAdd(s.held, s.exited);
    bool ok = sum && *sum == s.seed_total;
    out += "  " + r.claimants[c] + ": " + Money(l, s.seed_total) + (ok ? " = " : " != ") +
           Money(l, s.held) + " + " + Money(l, s.exited) +
           (poison ? "  n/a (poison is an upper bound)"
            : ok   ? "  ok"
                   : "  NOT CONSERVED") +
           "\n";
  }
  if (several) {
    out += "  total: " + Money(l, r.seed_total) + (r.conserved ? " = " : " != ") +
           Money(l, r.held) + " + " + Money(l, r.exited) + "\n";
  }
  out += InferredFundsWarning(r, l);
  return out;
}

}  // namespace moneytrail::trace

#include "engine/trace/compare.h"

#include <map>
#include <tuple>

#include "engine/trace/json_util.h"
#include "engine/trace/text_table.h"
#include "engine/trace/trace_table.h"

namespace moneytrail::trace {
namespace {

using internal::Json;

TerminalKind KindOf(ExitKind kind) {
  switch (kind) {
    case ExitKind::kCashWithdrawal:
      return TerminalKind::kCashWithdrawal;
    case ExitKind::kAssetPurchase:
      return TerminalKind::kAssetPurchase;
    case ExitKind::kHopLimit:
      return TerminalKind::kHopLimit;
  }
  return TerminalKind::kCashWithdrawal;
}

std::string TerminalLabel(const CompareTerminal& t, const TraceInput& in) {
  switch (t.kind) {
    case TerminalKind::kAccount:
      return "account " + in.accounts[t.account].id;
    case TerminalKind::kAssetPurchase:
      return "asset " + t.asset_id;
    case TerminalKind::kCashWithdrawal:
      return "cash from " + in.accounts[t.account].id;
    case TerminalKind::kHopLimit:
      return "hop limit at " + in.accounts[t.account].id;
  }
  return "?";
}

}  // namespace

std::string_view TerminalKindName(TerminalKind kind) {
  switch (kind) {
    case TerminalKind::kAccount:
      return "account";
    case TerminalKind::kAssetPurchase:
      return "asset_purchase";
    case TerminalKind::kCashWithdrawal:
      return "cash_withdrawal";
    case TerminalKind::kHopLimit:
      return "hop_limit";
  }
  return "?";
}

Result<CompareResult> RunCompare(const TraceInput& input, const TraceOptions& base_options) {
  CompareResult c;
  for (Method m : kAllMethods) {
    TraceOptions options = base_options;
    options.method = m;
    options.observer = nullptr;
    Result<TraceResult> r = Trace(input, options);
    if (!r.ok()) return r.status().WithContext(std::string(MethodName(m)));
    c.methods.push_back(m);
    c.results.push_back(std::move(r).value());
  }
  const size_t n_methods = c.methods.size();
  const size_t n_claimants = c.results.front().claimants.size();
  // (kind, id to sort by, account) -> terminal
  std::map<std::tuple<TerminalKind, std::string, uint32_t>, CompareTerminal> terminals;
  auto terminal = [&](TerminalKind kind, uint32_t account,
                      const std::string& asset_id) -> CompareTerminal& {
    const std::string& id =
        kind == TerminalKind::kAssetPurchase ? asset_id : input.accounts[account].id;
    uint32_t key_account = kind == TerminalKind::kAssetPurchase ? kCash : account;
    CompareTerminal& t = terminals[{kind, id, key_account}];
    if (t.amounts.empty()) {
      t.kind = kind;
      t.account = key_account;
      t.asset_id = kind == TerminalKind::kAssetPurchase ? asset_id : "";
      t.amounts.assign(n_methods, 0);
      t.by_claimant.assign(n_claimants, std::vector<int64_t>(n_methods, 0));
    }
    return t;
  };
  for (size_t k = 0; k < n_methods; ++k) {
    const TraceResult& r = c.results[k];
    for (const AccountResult& a : r.accounts) {
      if (a.tainted_balance == 0) continue;
      CompareTerminal& t = terminal(TerminalKind::kAccount, a.account, "");
      t.amounts[k] += a.tainted_balance;
      for (const ClaimantAccountTotals& ct : a.by_claimant)
        t.by_claimant[ct.claimant][k] += ct.balance;
    }
    for (const ExitResult& e : r.exits) {
      CompareTerminal& t = terminal(KindOf(e.kind), e.account, e.asset_id);
      t.amounts[k] += e.tainted_amount;
      for (const ClaimantAmount& ca : r.ByClaimant(e)) t.by_claimant[ca.claimant][k] += ca.amount;
    }
  }
  for (auto& [key, t] : terminals) c.terminals.push_back(std::move(t));
  return c;
}

std::string RenderCompareTable(const CompareResult& c, const TraceInput& in, const TraceLabels& l) {
  const TraceResult& first = c.results.front();
  std::string out = "Case " + in.case_id + ", all methods, currency " + l.currency + ", until " +
                    (first.until ? FormatTimestamp(*first.until) : std::string("end of data")) +
                    ", max hops " +
                    (first.max_hops ? std::to_string(*first.max_hops) : std::string("none")) + "\n";
  out += "Seed total: " + Money(l, first.seed_total) + "\n\n";
  std::vector<std::string> header = {"TERMINAL"};
  std::vector<bool> right = {false};
  for (Method m : c.methods) {
    header.push_back(std::string(MethodName(m)));
    right.push_back(true);
  }
  TextTable table(header, right);
  for (const CompareTerminal& t : c.terminals) {
    std::vector<std::string> row = {TerminalLabel(t, in)};
    for (int64_t v : t.amounts) row.push_back(Money(l, v));
    table.AddRow(std::move(row));
  }
  std::vector<std::string> held = {"= held"}, exited = {"= exited"},
                           check = {"seed = held + exited"};
  for (const TraceResult& r : c.results) {
    held.push_back(Money(l, r.held));
    exited.push_back(Money(l, r.exited));
    check.push_back(r.method == Method::kPoison ? "n/a" : r.conserved ? "ok" : "NOT CONSERVED");
  }
  table.AddRow(std::move(held));
  table.AddRow(std::move(exited));
  table.AddRow(std::move(check));
  out += table.Render();
  out += InferredFundsWarning(first, l);
  return out;
}

std::string RenderCompareJson(const CompareResult& c, const TraceInput& in, const TraceLabels& l) {
  const TraceResult& first = c.results.front();
  const std::vector<std::string>& claimants = first.claimants;
  auto per_method = [&](const std::vector<int64_t>& amounts) {
    Json o = Json::object();
    for (size_t k = 0; k < c.methods.size(); ++k) {
      o[std::string(MethodName(c.methods[k]))] = Money(l, amounts[k]);
    }
    return o;
  };
  Json j;
  j["case_id"] = in.case_id;
  j["currency"] = l.currency;
  j["until"] = internal::OptionalTimestamp(first.until);
  j["max_hops"] = first.max_hops ? Json(*first.max_hops) : Json(nullptr);
  Json methods = Json::array();
  for (Method m : c.methods) methods.push_back(std::string(MethodName(m)));
  j["methods"] = std::move(methods);
  j["seed_total"] = Money(l, first.seed_total);
  Json seed_by = Json::object();
  for (size_t k = 0; k < claimants.size(); ++k) {
    seed_by[claimants[k]] = Money(l, first.by_claimant[k].seed_total);
  }
  j["seed_total_by_claimant"] = std::move(seed_by);
  Json terminals = Json::array();
  for (const CompareTerminal& t : c.terminals) {
    Json o;
    o["kind"] = std::string(TerminalKindName(t.kind));
    if (t.kind == TerminalKind::kAssetPurchase) {
      o["asset_id"] = t.asset_id;
    } else {
      o["account"] = in.accounts[t.account].id;
    }
    o["amounts"] = per_method(t.amounts);
    Json by = Json::object();
    for (size_t k = 0; k < claimants.size(); ++k) {
      bool any = false;
      for (int64_t v : t.by_claimant[k]) any = any || v != 0;
      if (any) by[claimants[k]] = per_method(t.by_claimant[k]);
    }
    o["by_claimant"] = std::move(by);
    terminals.push_back(std::move(o));
  }
  j["terminals"] = std::move(terminals);
  Json rec = Json::object();
  for (const TraceResult& r : c.results) {
    Json o;
    o["held"] = Money(l, r.held);
    o["exited"] = Money(l, r.exited);
    o["conserved"] = r.conserved;
    o["inferred_funds"] = Money(l, r.inferred_total);
    Json by = Json::object();
    for (size_t k = 0; k < claimants.size(); ++k) {
      by[claimants[k]] = Json{{"held", Money(l, r.by_claimant[k].held)},
                              {"exited", Money(l, r.by_claimant[k].exited)}};
    }
    o["by_claimant"] = std::move(by);
    rec[std::string(MethodName(r.method))] = std::move(o);
  }
  j["reconciliation"] = std::move(rec);
  return internal::Dump(j);
}

}  // namespace moneytrail::trace

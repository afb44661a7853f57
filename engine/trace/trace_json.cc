#include "engine/trace/trace_json.h"

#include "engine/trace/json_util.h"

namespace moneytrail::trace {

using internal::Json;

std::string RenderTraceJson(const TraceResult& r, const TraceInput& in, const TraceLabels& l) {
  auto money = [&](int64_t v) { return Money(l, v); };
  auto account_id = [&](uint32_t a) -> const std::string& { return in.accounts[a].id; };
  auto split = [&](std::span<const ClaimantAmount> amounts) {
    Json by = Json::object();
    for (const ClaimantAmount& ca : amounts) {
      by[r.claimants[ca.claimant]] = Json{{"tainted_amount", money(ca.amount)}};
    }
    return by;
  };

  Json j;
  j["case_id"] = in.case_id;
  j["method"] = std::string(MethodName(r.method));
  j["currency"] = l.currency;
  j["until"] = internal::OptionalTimestamp(r.until);
  j["seed_total"] = money(r.seed_total);
  Json seed_by = Json::object();
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    seed_by[r.claimants[c]] = money(r.by_claimant[c].seed_total);
  }
  j["seed_total_by_claimant"] = std::move(seed_by);

  Json accounts = Json::array();
  for (const AccountResult& a : r.accounts) {
    AccountLabel label = l.Account(account_id(a.account));
    Json o;
    o["account"] = account_id(a.account);
    o["hop"] = a.hop;
    o["tainted_received"] = money(a.tainted_received);
    o["tainted_sent"] = money(a.tainted_sent);
    o["tainted_balance"] = money(a.tainted_balance);
    o["inferred_funds"] = money(a.inferred_funds);
    o["holder_id"] = internal::NullIfEmpty(label.holder_id);
    o["country"] = internal::NullIfEmpty(label.country);
    Json by = Json::object();
    for (const ClaimantAccountTotals& c : a.by_claimant) {
      by[r.claimants[c.claimant]] = Json{{"tainted_received", money(c.received)},
                                         {"tainted_sent", money(c.sent)},
                                         {"tainted_balance", money(c.balance)}};
    }
    o["by_claimant"] = std::move(by);
    accounts.push_back(std::move(o));
  }
  j["accounts"] = std::move(accounts);

  Json flows = Json::array();
  for (const FlowResult& f : r.flows) {
    const LedgerTx& tx = in.txs[f.tx];
    Json o;
    o["tx_id"] = l.TxId(tx.ref);
    o["timestamp"] = FormatTimestamp(tx.timestamp);
    o["from"] = account_id(tx.from);
    o["to"] = account_id(tx.to);
    o["amount"] = money(tx.amount);
    o["tainted_amount"] = money(f.tainted_amount);
    o["hop"] = f.hop;
    o["by_claimant"] = split(r.ByClaimant(f));
    flows.push_back(std::move(o));
  }
  j["flows"] = std::move(flows);

  Json exits = Json::array();
  for (const ExitResult& e : r.exits) {
    const LedgerTx& tx = in.txs[e.tx];
    Json o;
    o["tx_id"] = l.TxId(tx.ref);
    o["timestamp"] = FormatTimestamp(tx.timestamp);
    o["kind"] = std::string(ExitKindName(e.kind));
    o["account"] = account_id(e.account);
    if (e.kind == ExitKind::kAssetPurchase) o["asset_id"] = e.asset_id;
    o["tainted_amount"] = money(e.tainted_amount);
    o["by_claimant"] = split(r.ByClaimant(e));
    exits.push_back(std::move(o));
  }
  j["exits"] = std::move(exits);

  Json summary;
  summary["held"] = money(r.held);
  summary["exited"] = money(r.exited);
  summary["conserved"] = r.conserved;
  Json by = Json::object();
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    by[r.claimants[c]] =
        Json{{"held", money(r.by_claimant[c].held)}, {"exited", money(r.by_claimant[c].exited)}};
  }
  summary["by_claimant"] = std::move(by);
  j["summary"] = std::move(summary);
  return internal::Dump(j);
}

}  // namespace moneytrail::trace

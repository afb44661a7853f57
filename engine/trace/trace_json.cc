#include "engine/trace/trace_json.h"

#include "engine/trace/json_util.h"

namespace moneytrail::trace {

using internal::Json;

namespace {

// Appends `j` dumped exactly as inside a whole-document dump(2), at `depth`
// levels of two-space indentation.
void AppendIndented(std::string* out, const Json& j, int depth) {
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  out->reserve(out->size() + text.size() + text.size() / 8);
  for (char c : text) {
    out->push_back(c);
    if (c == '\n') out->append(pad);
  }
}

// Renders an array of `n` elements under "key" at the top level, one element
// at a time: a poison trace can hold millions of flows, and a document tree
// of them took tens of gigabytes. The bytes equal a whole-document dump(2).
template <typename Element>
void AppendArrayField(std::string* out, const char* key, size_t n, Element element, bool last) {
  out->append("  ");
  out->append(Json(key).dump());
  out->append(": ");
  if (n == 0) {
    out->append("[]");
  } else {
    out->append("[\n");
    for (size_t i = 0; i < n; ++i) {
      out->append("    ");
      AppendIndented(out, element(i), 2);
      out->append(i + 1 < n ? ",\n" : "\n");
    }
    out->append("  ]");
  }
  out->append(last ? "\n" : ",\n");
}

void AppendField(std::string* out, const char* key, const Json& value, bool last) {
  out->append("  ");
  out->append(Json(key).dump());
  out->append(": ");
  AppendIndented(out, value, 1);
  out->append(last ? "\n" : ",\n");
}

}  // namespace

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

  std::string out = "{\n";
  AppendField(&out, "case_id", in.case_id, false);
  AppendField(&out, "method", std::string(MethodName(r.method)), false);
  AppendField(&out, "currency", l.currency, false);
  AppendField(&out, "until", internal::OptionalTimestamp(r.until), false);
  AppendField(&out, "seed_total", money(r.seed_total), false);
  Json seed_by = Json::object();
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    seed_by[r.claimants[c]] = money(r.by_claimant[c].seed_total);
  }
  AppendField(&out, "seed_total_by_claimant", seed_by, false);

  AppendArrayField(
      &out, "accounts", r.accounts.size(),
      [&](size_t i) {
        const AccountResult& a = r.accounts[i];
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
        return o;
      },
      false);

  AppendArrayField(
      &out, "flows", r.flows.size(),
      [&](size_t i) {
        const FlowResult& f = r.flows[i];
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
        return o;
      },
      false);

  AppendArrayField(
      &out, "exits", r.exits.size(),
      [&](size_t i) {
        const ExitResult& e = r.exits[i];
        const LedgerTx& tx = in.txs[e.tx];
        Json o;
        o["tx_id"] = l.TxId(tx.ref);
        o["timestamp"] = FormatTimestamp(tx.timestamp);
        o["kind"] = std::string(ExitKindName(e.kind));
        o["account"] = account_id(e.account);
        if (e.kind == ExitKind::kAssetPurchase) o["asset_id"] = e.asset_id;
        o["tainted_amount"] = money(e.tainted_amount);
        o["by_claimant"] = split(r.ByClaimant(e));
        return o;
      },
      false);

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
  AppendField(&out, "summary", summary, true);
  out += "}\n";
  return out;
}

}  // namespace moneytrail::trace

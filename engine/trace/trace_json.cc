#include "engine/trace/trace_json.h"

#include "engine/trace/json_util.h"

namespace moneytrail::trace {

using internal::Json;
using internal::ObjectWriter;

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

// Output buffered and handed on in pieces of about kPiece bytes.
class Pieces {
 public:
  static constexpr size_t kPiece = 1 << 20;
  explicit Pieces(const std::function<void(std::string_view)>& write) : write_(write) {
    buf_.reserve(kPiece + kPiece / 4);
  }
  std::string* buf() { return &buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kPiece) Flush();
  }
  void Flush() {
    if (!buf_.empty()) write_(buf_);
    buf_.clear();
  }

 private:
  const std::function<void(std::string_view)>& write_;
  std::string buf_;
};

// Renders an array of `n` objects under "key" at the top level, one at a
// time, each written by `element(i, writer)`: a poison trace can hold millions
// of flows, and a document tree of them took tens of gigabytes. The bytes
// equal a whole-document dump(2).
template <typename Element>
void AppendArrayField(Pieces* pieces, const char* key, size_t n, Element element, bool last) {
  std::string* out = pieces->buf();
  out->append("  ");
  out->append(Json(key).dump());
  out->append(": ");
  if (n == 0) {
    out->append("[]");
  } else {
    out->append("[\n");
    for (size_t i = 0; i < n; ++i) {
      out->append("    ");
      ObjectWriter o(out, 2);
      element(i, o);
      o.Close();
      out->append(i + 1 < n ? ",\n" : "\n");
      pieces->MaybeFlush();
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
  std::string whole;
  RenderTraceJson(r, in, l, [&](std::string_view piece) { whole.append(piece); });
  return whole;
}

void RenderTraceJson(const TraceResult& r, const TraceInput& in, const TraceLabels& l,
                     const std::function<void(std::string_view)>& write) {
  auto money = [&](int64_t v) { return Money(l, v); };
  auto account_id = [&](uint32_t a) -> const std::string& { return in.accounts[a].id; };
  auto split = [&](ObjectWriter& o, std::span<const ClaimantAmount> amounts) {
    ObjectWriter by = o.Object("by_claimant");
    for (const ClaimantAmount& ca : amounts) {
      ObjectWriter c = by.Object(r.claimants[ca.claimant]);
      c.String("tainted_amount", money(ca.amount));
      c.Close();
    }
    by.Close();
  };

  Pieces pieces(write);
  std::string& out = *pieces.buf();
  out += "{\n";
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
      &pieces, "accounts", r.accounts.size(),
      [&](size_t i, ObjectWriter& o) {
        const AccountResult& a = r.accounts[i];
        AccountLabel label = l.Account(account_id(a.account));
        o.String("account", account_id(a.account));
        o.Int("hop", a.hop);
        o.String("tainted_received", money(a.tainted_received));
        o.String("tainted_sent", money(a.tainted_sent));
        o.String("tainted_balance", money(a.tainted_balance));
        o.String("inferred_funds", money(a.inferred_funds));
        o.StringOrNull("holder_id", label.holder_id);
        o.StringOrNull("country", label.country);
        ObjectWriter by = o.Object("by_claimant");
        for (const ClaimantAccountTotals& c : a.by_claimant) {
          ObjectWriter one = by.Object(r.claimants[c.claimant]);
          one.String("tainted_received", money(c.received));
          one.String("tainted_sent", money(c.sent));
          one.String("tainted_balance", money(c.balance));
          one.Close();
        }
        by.Close();
      },
      false);

  AppendArrayField(
      &pieces, "flows", r.flows.size(),
      [&](size_t i, ObjectWriter& o) {
        const FlowResult& f = r.flows[i];
        const LedgerTx& tx = in.txs[f.tx];
        o.String("tx_id", l.TxId(tx.ref));
        o.String("timestamp", FormatTimestamp(tx.timestamp));
        o.String("from", account_id(tx.from));
        o.String("to", account_id(tx.to));
        o.String("amount", money(tx.amount));
        o.String("tainted_amount", money(f.tainted_amount));
        o.Int("hop", f.hop);
        split(o, r.ByClaimant(f));
      },
      false);

  AppendArrayField(
      &pieces, "exits", r.exits.size(),
      [&](size_t i, ObjectWriter& o) {
        const ExitResult& e = r.exits[i];
        const LedgerTx& tx = in.txs[e.tx];
        o.String("tx_id", l.TxId(tx.ref));
        o.String("timestamp", FormatTimestamp(tx.timestamp));
        o.String("kind", ExitKindName(e.kind));
        o.String("account", account_id(e.account));
        if (e.kind == ExitKind::kAssetPurchase) o.String("asset_id", e.asset_id);
        o.String("tainted_amount", money(e.tainted_amount));
        split(o, r.ByClaimant(e));
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
  pieces.Flush();
}

}  // namespace moneytrail::trace

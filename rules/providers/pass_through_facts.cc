// Rapid pass-through (mule): an account that sends on most of what it
// receives within a short window. An episode starts at each credit; it
// receives what arrives within pass_through_window_hours of that credit and
// sends on what leaves in the same span (cash withdrawals included), capped
// at what it received. The fact is the best episode's percentage, among
// episodes receiving at least pass_through_min_received.
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class PassThroughFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "pass_through"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"pass_through_percent", Subject::kAccount, FactType::kPercent,
         "most of what one episode received that it sent on within the window, floor percent",
         false},
        {"pass_through_received", Subject::kAccount, FactType::kMoney, "what that episode received",
         false},
        {"pass_through_sent_on", Subject::kAccount, FactType::kMoney,
         "what it sent on (at most what it received)", false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& txs = ctx.txs->txs;
    const int64_t window = ctx.params->pass_through_window_hours * kMicrosPerHour;
    std::vector<uint32_t> ins, outs;
    for (uint32_t a = 0; a < ctx.txs->accounts.size(); ++a) {
      if (!ctx.evaluate[a]) continue;
      ins.clear();
      outs.clear();
      for (uint32_t i : TxsOf(ctx, a)) {
        if (txs[i].from == txs[i].to) continue;
        (txs[i].to == a ? ins : outs).push_back(i);
      }
      if (ins.empty() || outs.empty()) continue;
      int64_t best_pct = -1, best_recv = 0, best_sent = 0;
      size_t best_start = 0;
      size_t in_end = 0, out_lo = 0, out_hi = 0;
      int64_t recv = 0, sent = 0;
      for (size_t s = 0; s < ins.size(); ++s) {
        int64_t t0 = txs[ins[s]].timestamp.micros;
        if (s > 0) recv -= txs[ins[s - 1]].amount;
        if (in_end < s) in_end = s, recv = 0;
        while (in_end < ins.size() && txs[ins[in_end]].timestamp.micros - t0 <= window) {
          recv += txs[ins[in_end++]].amount;
        }
        while (out_hi < outs.size() && txs[outs[out_hi]].timestamp.micros - t0 <= window)
          sent += txs[outs[out_hi++]].amount;
        while (out_lo < out_hi && txs[outs[out_lo]].timestamp.micros < t0)
          sent -= txs[outs[out_lo++]].amount;
        if (recv < ctx.params->pass_through_min_received || recv <= 0) continue;
        int64_t on = std::min(sent, recv);
        int64_t pct = PercentOf(on, recv);
        if (pct > best_pct || (pct == best_pct && recv > best_recv)) {
          best_pct = pct, best_recv = recv, best_sent = on, best_start = s;
        }
      }
      if (best_pct < 0) continue;
      SubjectFacts& f = AccountFacts(ctx, a, out);
      f.Percent("pass_through_percent", best_pct);
      f.Money("pass_through_received", best_recv);
      f.Money("pass_through_sent_on", best_sent);
      Evidence ev;
      int64_t t0 = txs[ins[best_start]].timestamp.micros;
      for (uint32_t i : TxsOf(ctx, a)) {
        int64_t t = txs[i].timestamp.micros;
        if (t >= t0 && t - t0 <= window && txs[i].from != txs[i].to) AddEvidence(&ev, i);
      }
      f.evidence["pass_through_percent"] = ev;
      f.evidence["pass_through_received"] = ev;
      f.evidence["pass_through_sent_on"] = ev;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& PassThroughFacts() {
  static const PassThroughFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

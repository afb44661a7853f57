// Fan-out and fan-in: how many distinct accounts one account paid (or was
// paid by) within fan_window_hours, at most. Cash sides are not counterparties.
#include <unordered_map>

#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class FanFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "fan"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"fan_out_counterparties", Subject::kAccount, FactType::kCount,
         "most distinct accounts paid within fan_window_hours", false},
        {"fan_in_counterparties", Subject::kAccount, FactType::kCount,
         "most distinct accounts paying in within fan_window_hours", false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& txs = ctx.txs->txs;
    const int64_t window = ctx.params->fan_window_hours * kMicrosPerHour;
    std::vector<std::pair<uint32_t, uint32_t>> list;  // (tx, counterparty)
    std::unordered_map<uint32_t, uint32_t> live;      // counterparty -> transfers in window
    for (uint32_t a = 0; a < ctx.txs->accounts.size(); ++a) {
      if (!ctx.evaluate[a]) continue;
      for (bool outgoing : {true, false}) {
        list.clear();
        for (uint32_t i : TxsOf(ctx, a)) {
          const auto& t = txs[i];
          if (t.from == t.to) continue;
          if (outgoing && t.from == a && t.to != trace::kCash) list.emplace_back(i, t.to);
          if (!outgoing && t.to == a && t.from != trace::kCash) list.emplace_back(i, t.from);
        }
        if (list.empty()) continue;
        live.clear();
        size_t lo = 0, best = 0, best_lo = 0, best_hi = 0;
        for (size_t hi = 0; hi < list.size(); ++hi) {
          ++live[list[hi].second];
          while (txs[list[hi].first].timestamp.micros - txs[list[lo].first].timestamp.micros >
                 window) {
            auto it = live.find(list[lo].second);
            if (--it->second == 0) live.erase(it);
            ++lo;
          }
          if (live.size() > best) best = live.size(), best_lo = lo, best_hi = hi;
        }
        const char* fact = outgoing ? "fan_out_counterparties" : "fan_in_counterparties";
        SubjectFacts& f = AccountFacts(ctx, a, out);
        f.Count(fact, static_cast<int64_t>(best));
        Evidence& ev = f.evidence[fact];
        std::vector<uint32_t> seen;
        for (size_t k = best_lo; k <= best_hi; ++k) {
          if (std::find(seen.begin(), seen.end(), list[k].second) != seen.end()) continue;
          seen.push_back(list[k].second);
          AddEvidence(&ev, list[k].first);
        }
      }
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& FanFacts() {
  static const FanFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

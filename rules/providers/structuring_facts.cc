// Structuring (smurfing): cash deposits, or withdrawals, each just under the
// reporting threshold (at least threshold x (100 - margin) / 100, below the
// threshold), many of them within a short window.
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class StructuringFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "structuring"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"structuring_deposits", Subject::kAccount, FactType::kCount,
         "most cash deposits just under the reporting threshold within structuring_window_hours",
         false},
        {"structuring_withdrawals", Subject::kAccount, FactType::kCount,
         "most cash withdrawals just under the reporting threshold within structuring_window_hours",
         false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& txs = ctx.txs->txs;
    const Parameters& p = *ctx.params;
    const int64_t window = p.structuring_window_hours * kMicrosPerHour;
    __extension__ using Int128 = __int128;
    // Lowest amount that is "just under": ceil(threshold * (100 - margin) / 100).
    const Int128 num =
        static_cast<Int128>(p.reporting_threshold) * (100 - p.structuring_margin_percent);
    const int64_t low = static_cast<int64_t>((num + 99) / 100);
    std::vector<uint32_t> hits;
    for (uint32_t a = 0; a < ctx.txs->accounts.size(); ++a) {
      if (!ctx.evaluate[a]) continue;
      for (bool deposits : {true, false}) {
        hits.clear();
        for (uint32_t i : TxsOf(ctx, a)) {
          const auto& t = txs[i];
          bool cash = deposits ? (t.from == trace::kCash && t.to == a)
                               : (t.from == a && t.to == trace::kCash);
          if (cash && t.amount >= low && t.amount < p.reporting_threshold) hits.push_back(i);
        }
        if (hits.empty()) continue;
        size_t best = 0, best_lo = 0, lo = 0;
        for (size_t hi = 0; hi < hits.size(); ++hi) {
          while (txs[hits[hi]].timestamp.micros - txs[hits[lo]].timestamp.micros > window) ++lo;
          if (hi - lo + 1 > best) best = hi - lo + 1, best_lo = lo;
        }
        const char* fact = deposits ? "structuring_deposits" : "structuring_withdrawals";
        SubjectFacts& f = AccountFacts(ctx, a, out);
        f.Count(fact, static_cast<int64_t>(best));
        Evidence& ev = f.evidence[fact];
        for (size_t k = best_lo; k < best_lo + best; ++k) AddEvidence(&ev, hits[k]);
      }
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& StructuringFacts() {
  static const StructuringFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

// Cash-out after a ransom: traced proceeds withdrawn in cash soon after the
// ransom that carried them was paid (the latest seed at or before the
// withdrawal).
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class CashOutFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "cash_out"; }
  bool needs_case() const override { return true; }
  std::vector<FactDef> Facts() const override {
    return {
        {"cash_out_after_ransom", Subject::kAccount, FactType::kMoney,
         "traced proceeds withdrawn in cash within cash_out_window_hours of a ransom payment",
         true},
        {"hours_from_ransom_to_cash_out", Subject::kAccount, FactType::kHours,
         "fewest hours between a ransom payment and a tainted cash withdrawal from the account",
         true},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& in = *ctx.txs;
    const auto& r = *ctx.trace;
    std::vector<int64_t> seed_times;
    for (size_t s : r.seeds) seed_times.push_back(in.txs[in.seeds[s].tx].timestamp.micros);
    std::sort(seed_times.begin(), seed_times.end());
    const int64_t window = ctx.params->cash_out_window_hours * kMicrosPerHour;
    struct Acc {
      int64_t amount = 0, hours = INT64_MAX;
      Evidence ev;
    };
    std::map<uint32_t, Acc> per;
    for (const auto& e : r.exits) {
      if (e.kind != trace::ExitKind::kCashWithdrawal || e.tainted_amount <= 0) continue;
      int64_t t = in.txs[e.tx].timestamp.micros;
      auto it = std::upper_bound(seed_times.begin(), seed_times.end(), t);
      if (it == seed_times.begin()) continue;
      int64_t gap = t - *(it - 1);
      Acc& a = per[e.account];
      a.hours = std::min(a.hours, gap / kMicrosPerHour);
      if (gap <= window) {
        a.amount += e.tainted_amount;
        AddEvidence(&a.ev, e.tx);
      }
    }
    for (auto& [account, a] : per) {
      SubjectFacts& f = AccountFacts(ctx, account, out);
      f.Money("cash_out_after_ransom", a.amount);
      f.Hours("hours_from_ransom_to_cash_out", a.hours);
      f.evidence["cash_out_after_ransom"] = a.ev;
      f.evidence["hours_from_ransom_to_cash_out"] = a.ev;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& CashOutFacts() {
  static const CashOutFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

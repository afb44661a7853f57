// Transfers to high-risk jurisdictions: what an account paid to accounts in
// the countries of the rulebook's high_risk_countries list.
#include <set>

#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class HighRiskFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "high_risk"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"high_risk_sent", Subject::kAccount, FactType::kMoney,
         "paid to accounts in high-risk jurisdictions", false},
        {"high_risk_transfers", Subject::kAccount, FactType::kCount, "how many such payments",
         false},
        {"high_risk_countries_reached", Subject::kAccount, FactType::kText,
         "those jurisdictions, sorted, comma-separated", false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& list = ctx.params->high_risk_countries;
    if (list.empty()) return Status::Ok();
    const std::set<std::string> risky(list.begin(), list.end());
    const auto& txs = ctx.txs->txs;
    std::vector<char> is_risky(ctx.txs->accounts.size(), 0);
    for (uint32_t a = 0; a < is_risky.size(); ++a)
      is_risky[a] = risky.count(ctx.country[a]) ? 1 : 0;
    for (uint32_t a = 0; a < ctx.txs->accounts.size(); ++a) {
      if (!ctx.evaluate[a] || is_risky[a]) continue;  // paying within a risky state is not "to" it
      int64_t sent = 0, n = 0;
      std::set<std::string> reached;
      Evidence ev;
      for (uint32_t i : TxsOf(ctx, a)) {
        const auto& t = txs[i];
        if (t.from != a || t.to == trace::kCash || t.to == a || !is_risky[t.to]) continue;
        sent += t.amount;
        ++n;
        reached.insert(ctx.country[t.to]);
        AddEvidence(&ev, i);
      }
      if (n == 0) continue;
      SubjectFacts& f = AccountFacts(ctx, a, out);
      f.Money("high_risk_sent", sent);
      f.Count("high_risk_transfers", n);
      std::string joined;
      for (const auto& c : reached) joined += (joined.empty() ? "" : ",") + c;
      f.Text("high_risk_countries_reached", joined);
      f.evidence["high_risk_sent"] = ev;
      f.evidence["high_risk_transfers"] = ev;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& HighRiskFacts() {
  static const HighRiskFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

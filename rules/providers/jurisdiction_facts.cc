// Jurisdiction facts: for each state other than the case's where traced
// proceeds arrived, what reached it and what is still there, with one line per
// account for the mutual legal assistance request.
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class JurisdictionFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "jurisdiction"; }
  bool needs_case() const override { return true; }
  std::vector<FactDef> Facts() const override {
    return {
        {"foreign", Subject::kJurisdiction, FactType::kBool,
         "the state is not the case's jurisdiction", true},
        {"accounts", Subject::kJurisdiction, FactType::kCount,
         "accounts there that received traced proceeds", true},
        {"proceeds_received", Subject::kJurisdiction, FactType::kMoney,
         "traced proceeds that entered the state (transfers between its own accounts count once)",
         true},
        {"proceeds_held", Subject::kJurisdiction, FactType::kMoney,
         "traced proceeds still held there", true},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& in = *ctx.txs;
    const auto& r = *ctx.trace;
    const std::string& home = ctx.kase->jurisdiction;
    if (home.empty()) return Status::Ok();  // no jurisdiction: nothing is foreign
    auto state_of = [&](uint32_t a) -> const std::string& {
      static const std::string kNone;
      return a == trace::kCash ? kNone : ctx.country[a];
    };
    std::map<uint32_t, MlaItem> items;
    std::map<std::string, int64_t> entered;
    std::map<std::string, Evidence> ev;
    auto credit = [&](size_t tx, int64_t tainted) {
      const auto& t = in.txs[tx];
      const std::string& st = state_of(t.to);
      if (st.empty() || st == home) return;
      MlaItem& it = items[t.to];
      if (it.received == 0) it.first = t.timestamp;
      it.received += tainted;
      it.last = t.timestamp;
      if (state_of(t.from) != st) entered[st] += tainted;
      AddEvidence(&ev[st], tx);
    };
    for (size_t s : r.seeds) credit(in.seeds[s].tx, in.seeds[s].tainted_amount);
    for (const auto& fl : r.flows) credit(fl.tx, fl.tainted_amount);
    std::map<std::string, std::vector<MlaItem>> by_state;
    for (auto& [a, it] : items) {
      const trace::AccountResult* acc = r.FindAccount(a);
      it.account = in.accounts[a].id;
      it.held = acc ? acc->tainted_balance : 0;
      it.holder = ctx.holder[a];
      ASSIGN_OR_RETURN(auto account, ctx.store->GetAccount(it.account));
      if (account) it.institution = account->institution;
      by_state[state_of(a)].push_back(it);
    }
    for (auto& [st, list] : by_state) {
      std::sort(list.begin(), list.end(),
                [](const MlaItem& x, const MlaItem& y) { return x.account < y.account; });
      SubjectFacts& f = FactsFor(Subject::kJurisdiction, st, out);
      int64_t held = 0;
      for (const MlaItem& it : list) held += it.held;
      f.Bool("foreign", true);
      f.Count("accounts", static_cast<int64_t>(list.size()));
      f.Money("proceeds_received", entered[st]);
      f.Money("proceeds_held", held);
      f.evidence["proceeds_received"] = ev[st];
      f.mla_items = std::move(list);
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& JurisdictionFacts() {
  static const JurisdictionFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

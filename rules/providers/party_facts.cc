// Party facts for value-based confiscation: what the accounts of one holder
// received from outside them, minus what they passed on to others (who answer
// for it themselves), minus what the freeze and seize rules already recover
// from them. What remains was withdrawn in cash, spent, or left below the
// freeze threshold: its equivalent value is confiscated. Runs after the
// freeze and seize rules (phase 1), so that nothing is counted twice:
//   received = passed_on + frozen + seized + value_to_confiscate   (libr etc.)
#include <set>

#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class PartyFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "party"; }
  int phase() const override { return 1; }
  bool needs_case() const override { return true; }
  std::vector<FactDef> Facts() const override {
    return {
        {"accounts", Subject::kParty, FactType::kCount,
         "the party's accounts that received traced proceeds", true},
        {"proceeds_received", Subject::kParty, FactType::kMoney,
         "traced proceeds that reached the party's accounts from outside them", true},
        {"proceeds_passed_on", Subject::kParty, FactType::kMoney,
         "traced proceeds the party paid on to others' accounts", true},
        {"proceeds_frozen", Subject::kParty, FactType::kMoney,
         "what freeze flags already hold in its accounts", true},
        {"proceeds_seized", Subject::kParty, FactType::kMoney,
         "tainted money in assets that seize flags already claim", true},
        {"proceeds_untraceable", Subject::kParty, FactType::kMoney,
         "traced proceeds withdrawn in cash or lost at the hop limit", true},
        {"proceeds_spent", Subject::kParty, FactType::kMoney,
         "traced proceeds spent on assets nobody seizes", true},
        {"value_to_confiscate", Subject::kParty, FactType::kMoney,
         "received - passed on - frozen - seized (never negative): the equivalent value to "
         "confiscate",
         true},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& in = *ctx.txs;
    const auto& r = *ctx.trace;
    auto party_of = [&](uint32_t a) -> const std::string& {
      static const std::string kNone;
      return a == trace::kCash ? kNone : ctx.holder[a];
    };
    struct Totals {
      std::set<uint32_t> accounts;
      int64_t received = 0, passed = 0, frozen = 0, seized = 0, untraceable = 0, spent = 0;
      Evidence exits;
    };
    std::map<std::string, Totals> parties;
    for (const auto& acc : r.accounts) {
      const std::string& p = party_of(acc.account);
      if (p.empty()) continue;
      Totals& t = parties[p];
      t.accounts.insert(acc.account);
      auto fz = ctx.frozen_by_account.find(in.accounts[acc.account].id);
      if (fz != ctx.frozen_by_account.end()) t.frozen += fz->second;
    }
    auto move = [&](size_t tx, int64_t tainted) {
      const std::string& from = party_of(in.txs[tx].from);
      const std::string& to = party_of(in.txs[tx].to);
      if (from == to) return;  // within one party (or unknown to unknown)
      if (!to.empty()) parties[to].received += tainted;
      if (!from.empty()) parties[from].passed += tainted;
    };
    for (size_t s : r.seeds) move(in.seeds[s].tx, in.seeds[s].tainted_amount);
    for (const auto& fl : r.flows) move(fl.tx, fl.tainted_amount);
    for (const auto& e : r.exits) {
      const std::string& p = party_of(e.account);
      if (p.empty()) continue;
      Totals& t = parties[p];
      if (e.kind == trace::ExitKind::kAssetPurchase) {
        (ctx.seized_by_asset.count(e.asset_id) ? t.seized : t.spent) += e.tainted_amount;
      } else {
        t.untraceable += e.tainted_amount;
      }
      AddEvidence(&t.exits, e.tx);
    }
    for (auto& [p, t] : parties) {
      if (t.accounts.empty()) continue;
      SubjectFacts& f = FactsFor(Subject::kParty, p, out);
      f.Count("accounts", static_cast<int64_t>(t.accounts.size()));
      f.Money("proceeds_received", t.received);
      f.Money("proceeds_passed_on", t.passed);
      f.Money("proceeds_frozen", t.frozen);
      f.Money("proceeds_seized", t.seized);
      f.Money("proceeds_untraceable", t.untraceable);
      f.Money("proceeds_spent", t.spent);
      f.Money("value_to_confiscate",
              std::max<int64_t>(0, t.received - t.passed - t.frozen - t.seized));
      f.evidence["proceeds_untraceable"] = t.exits;
      f.evidence["value_to_confiscate"] = t.exits;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& PartyFacts() {
  static const PartyFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

// Account facts from the case's trace: what tainted money reached an account,
// what is still there, and how long ago it arrived. Also the account's
// profile (country, holder), known in both modes.
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class TraceAccountFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "trace_account"; }
  bool needs_case() const override { return false; }  // the profile facts are not
  std::vector<FactDef> Facts() const override {
    return {
        {"tainted_balance", Subject::kAccount, FactType::kMoney,
         "traced proceeds still held at the end of the replay", true},
        {"tainted_received", Subject::kAccount, FactType::kMoney,
         "traced proceeds credited to the account", true},
        {"tainted_sent", Subject::kAccount, FactType::kMoney,
         "traced proceeds that left the account", true},
        {"hop", Subject::kAccount, FactType::kCount,
         "transfers between the ransom and this account (0: received it)", true},
        {"hours_since_proceeds_arrived", Subject::kAccount, FactType::kHours,
         "hours from the first tainted credit to the as-of time (--as-of)", true},
        {"hours_since_last_proceeds", Subject::kAccount, FactType::kHours,
         "hours from the last tainted credit to the as-of time (--as-of)", true},
        {"foreign", Subject::kAccount, FactType::kBool,
         "the account's country is not the case's jurisdiction", true},
        {"country", Subject::kAccount, FactType::kText, "the account's country (ISO 3166 alpha-2)",
         false},
        {"holder", Subject::kAccount, FactType::kText, "the account holder's party id", false},
        {"holder_is_organisation", Subject::kAccount, FactType::kBool,
         "the holder is a party of kind organisation (false when unknown)", false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& in = *ctx.txs;
    for (uint32_t a = 0; a < in.accounts.size(); ++a) {
      if (!ctx.evaluate[a]) continue;
      SubjectFacts& f = AccountFacts(ctx, a, out);
      if (!ctx.country[a].empty()) f.Text("country", ctx.country[a]);
      if (!ctx.holder[a].empty()) f.Text("holder", ctx.holder[a]);
      f.Bool("holder_is_organisation", ctx.organisation[a] != 0);
    }
    if (!ctx.case_mode()) return Status::Ok();
    const auto& r = *ctx.trace;
    // First and last tainted arrival per account, and the credits as evidence.
    std::vector<int64_t> first(in.accounts.size(), INT64_MAX), last(in.accounts.size(), INT64_MIN);
    std::vector<Evidence> arrivals(in.accounts.size());
    auto arrive = [&](size_t tx) {
      uint32_t to = in.txs[tx].to;
      first[to] = std::min(first[to], in.txs[tx].timestamp.micros);
      last[to] = std::max(last[to], in.txs[tx].timestamp.micros);
      AddEvidence(&arrivals[to], tx);
    };
    for (size_t s : r.seeds) arrive(in.seeds[s].tx);
    for (const auto& fl : r.flows) arrive(fl.tx);
    for (const auto& acc : r.accounts) {
      SubjectFacts& f = AccountFacts(ctx, acc.account, out);
      f.Money("tainted_balance", acc.tainted_balance);
      f.Money("tainted_received", acc.tainted_received);
      f.Money("tainted_sent", acc.tainted_sent);
      f.Count("hop", acc.hop);
      if (first[acc.account] != INT64_MAX) {
        f.Hours("hours_since_proceeds_arrived",
                (ctx.as_of.micros - first[acc.account]) / kMicrosPerHour);
        f.Hours("hours_since_last_proceeds",
                (ctx.as_of.micros - last[acc.account]) / kMicrosPerHour);
      }
      const std::string& country = ctx.country[acc.account];
      if (!country.empty() && !ctx.kase->jurisdiction.empty())
        f.Bool("foreign", country != ctx.kase->jurisdiction);
      Evidence ev = arrivals[acc.account];
      auto chain = ctx.chains.find("account:" + in.accounts[acc.account].id);
      if (chain != ctx.chains.end()) {
        ev.chain = chain->second.chain;
        for (uint64_t tx : chain->second.txs) AddEvidence(&ev, tx);
      }
      f.evidence["tainted_balance"] = ev;
      f.evidence["tainted_received"] = ev;
      f.evidence["hours_since_proceeds_arrived"] = arrivals[acc.account];
      f.evidence["hours_since_last_proceeds"] = arrivals[acc.account];
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& TraceAccountFacts() {
  static const TraceAccountFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules

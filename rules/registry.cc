#include "rules/registry.h"

#include <algorithm>
#include <tuple>

namespace moneytrail::rules {

// One line per provider; each is defined in rules/providers/<snake_name>.cc.
#define MONEYTRAIL_FACT_PROVIDERS(X) \
  X(TraceAccountFacts)               \
  X(AssetFacts)                      \
  X(JurisdictionFacts)               \
  X(PartyFacts)                      \
  X(CashOutFacts)                    \
  X(PassThroughFacts)                \
  X(StructuringFacts)                \
  X(FanFacts)                        \
  X(CycleFacts)                      \
  X(SplitFacts)                      \
  X(HighRiskFacts)

#define MONEYTRAIL_DECLARE_PROVIDER(name) const FactProvider& name();
MONEYTRAIL_FACT_PROVIDERS(MONEYTRAIL_DECLARE_PROVIDER)
#undef MONEYTRAIL_DECLARE_PROVIDER

const std::vector<const FactProvider*>& Providers() {
#define MONEYTRAIL_LIST_PROVIDER(name) &name(),
  static const std::vector<const FactProvider*> kProviders = {
      MONEYTRAIL_FACT_PROVIDERS(MONEYTRAIL_LIST_PROVIDER)};
#undef MONEYTRAIL_LIST_PROVIDER
  return kProviders;
}

const std::vector<FactDef>& FactCatalog() {
  static const std::vector<FactDef> kCatalog = [] {
    std::vector<FactDef> all;
    for (const FactProvider* p : Providers()) {
      for (FactDef& f : p->Facts()) all.push_back(std::move(f));
    }
    std::sort(all.begin(), all.end(), [](const FactDef& a, const FactDef& b) {
      return std::tie(a.subject, a.name) < std::tie(b.subject, b.name);
    });
    return all;
  }();
  return kCatalog;
}

const FactDef* FindFact(Subject subject, std::string_view name) {
  for (const FactDef& f : FactCatalog()) {
    if (f.subject == subject && f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace moneytrail::rules

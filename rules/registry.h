// The explicit list of fact providers (the rules module's rule classes) and
// the fact catalog they make up. To add one: write rules/providers/<name>.cc
// defining `const FactProvider& <Name>()`, and add `X(<Name>)` to the list in
// registry.cc. Nothing registers itself.
//
// Thread safety: immutable after first use; safe everywhere.
#ifndef MONEYTRAIL_RULES_REGISTRY_H_
#define MONEYTRAIL_RULES_REGISTRY_H_

#include <string_view>
#include <vector>

#include "rules/facts.h"

namespace moneytrail::rules {

// Every provider, in registry order.
const std::vector<const FactProvider*>& Providers();

// Every fact of every provider, sorted by subject then name.
const std::vector<FactDef>& FactCatalog();

// The fact named `name` for `subject`, nullptr if there is none.
const FactDef* FindFact(Subject subject, std::string_view name);

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_REGISTRY_H_

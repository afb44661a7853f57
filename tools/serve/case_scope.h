// CaseScope: which accounts a case lets its investigators and prosecutors
// see. A case reaches the accounts its trace reaches under any method; the
// poison trace taints a superset of every other method's accounts (TRACING.md:
// poison is the upper bound), so its accounts, plus both ends of every seed
// (the payer and the collector), are the scope. Computed once per case, on
// first use, and kept: the store `serve` reads does not change under it.
//
// Thread safety: AccountsOf() may be called from any thread; concurrent
// first calls for the same case compute it once.
#ifndef MONEYTRAIL_TOOLS_SERVE_CASE_SCOPE_H_
#define MONEYTRAIL_TOOLS_SERVE_CASE_SCOPE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "engine/core/status.h"
#include "engine/storage/store.h"

namespace moneytrail::serve {

using AccountSet = std::unordered_set<std::string>;

class CaseScope {
 public:
  // `store` must outlive this object.
  explicit CaseScope(const storage::Store* store);

  // The accounts case `case_id` reaches. NotFound when there is no such case;
  // the trace's errors otherwise (not cached: a later call tries again).
  Result<std::shared_ptr<const AccountSet>> AccountsOf(const std::string& case_id);

 private:
  struct Entry {
    std::mutex mu;
    std::shared_ptr<const AccountSet> accounts;
  };
  Result<std::shared_ptr<const AccountSet>> Compute(const std::string& case_id) const;

  const storage::Store* store_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_CASE_SCOPE_H_

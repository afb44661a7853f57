#include "tools/serve/case_scope.h"

#include "engine/ledger/case_ledger.h"

namespace moneytrail::serve {

CaseScope::CaseScope(const storage::Store* store) : store_(store) {}

Result<std::shared_ptr<const AccountSet>> CaseScope::AccountsOf(const std::string& case_id) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = entries_[case_id];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard<std::mutex> lock(entry->mu);
  if (!entry->accounts) {
    ASSIGN_OR_RETURN(entry->accounts, Compute(case_id));
  }
  return entry->accounts;
}

Result<std::shared_ptr<const AccountSet>> CaseScope::Compute(const std::string& case_id) const {
  ASSIGN_OR_RETURN(std::optional<Case> c, store_->GetCase(case_id));
  if (!c) return Status::NotFound("no case '" + case_id + "'");
  ledger::CaseLedger ledger(store_);
  trace::TraceOptions options;
  options.method = trace::Method::kPoison;
  ASSIGN_OR_RETURN(ledger::CaseTrace traced, ledger.Trace(*c, options));
  auto accounts = std::make_shared<AccountSet>();
  const auto& input = traced.input;
  for (const trace::AccountResult& a : traced.result.accounts) {
    accounts->insert(input.accounts[a.account].id);
  }
  for (const trace::SeedSpec& seed : input.seeds) {
    const trace::LedgerTx& tx = input.txs[seed.tx];
    for (uint32_t end : {tx.from, tx.to}) {
      if (end != trace::kCash) accounts->insert(input.accounts[end].id);
    }
  }
  return std::shared_ptr<const AccountSet>(std::move(accounts));
}

}  // namespace moneytrail::serve

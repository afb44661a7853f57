#include "engine/query/timeline.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "engine/core/amount.h"
#include "engine/query/edges.h"

namespace moneytrail::query {

std::string TimelineEntry::counterparty() const {
  const std::string& other = outgoing ? tx.to_account : tx.from_account;
  return IsCashAccount(other) ? "CASH" : other;
}

Result<TimelineResult> Timeline(const storage::Store& store, std::string_view account,
                                const TimelineOptions& options) {
  if (options.since && options.until && *options.since > *options.until) {
    return Status::Usage("since: is after until");
  }
  TimelineResult r;
  r.account_id = std::string(account);
  r.options = options;
  ASSIGN_OR_RETURN(r.account, store.GetAccount(account));
  // Merge the outgoing and incoming indexes into one history in replay order.
  std::vector<std::pair<storage::AccountTxEntry, bool>> entries;
  for (auto dir : {storage::Direction::kOut, storage::Direction::kIn}) {
    RETURN_IF_ERROR(store.ForEachAccountTx(account, dir, [&](const storage::AccountTxEntry& e) {
      if (options.until && e.timestamp > *options.until) return false;
      entries.emplace_back(e, dir == storage::Direction::kOut);
      return true;
    }));
  }
  // Without a record or any entry up to `until`: cash, unknown, or an account
  // whose transactions all come later.
  if (!r.account && entries.empty()) RETURN_IF_ERROR(internal::CheckAccount(store, account));
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.timestamp, a.first.seq, a.second) <
           std::tie(b.first.timestamp, b.first.seq, b.second);
  });
  if (r.account && !r.account->holder_id.empty()) {
    ASSIGN_OR_RETURN(r.holder, store.GetParty(r.account->holder_id));
  }
  int64_t balance = r.account ? r.account->opening_balance_base : 0;
  r.opening_minor = balance;
  for (const auto& [e, outgoing] : entries) {
    auto next = outgoing ? CheckedSub(balance, e.base_minor) : CheckedAdd(balance, e.base_minor);
    if (!next) return Status::DataError("the balance of " + r.account_id + " overflows");
    if (options.since && e.timestamp < *options.since) {
      balance = r.opening_minor = *next;
      continue;
    }
    balance = *next;
    ++r.found;
    if (options.limit != 0 && r.entries.size() >= options.limit) continue;
    ASSIGN_OR_RETURN(auto tx, store.GetTransactionAt(e.timestamp, e.seq));
    if (!tx) return Status::Corruption("the index names a missing transaction");
    r.entries.push_back({std::move(*tx), outgoing, balance});
  }
  r.closing_minor = balance;
  return r;
}

}  // namespace moneytrail::query

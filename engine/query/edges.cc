#include "engine/query/edges.h"

namespace moneytrail::query::internal {

Result<ReadEnd> ReadEdges(const storage::Store& store, uint32_t account,
                          storage::Direction direction, const TxFilter& filter, size_t max_fanout,
                          EntryBudget* budget, std::vector<Edge>* out) {
  ReadEnd end = ReadEnd::kComplete;
  size_t in_window = 0;
  size_t first = out->size();
  RETURN_IF_ERROR(
      store.ForEachAccountTxRef(account, direction, [&](const storage::Store::AccountTxRef& e) {
        if (budget->remaining == 0) {
          budget->exhausted = true;
          end = ReadEnd::kBudget;
          return false;
        }
        --budget->remaining;
        ++budget->read;
        if (filter.until && e.timestamp > *filter.until) return false;
        if (!filter.InWindow(e.timestamp)) return true;
        if (max_fanout != 0 && ++in_window > max_fanout) {
          end = ReadEnd::kFanout;
          return false;
        }
        if (e.base_minor >= filter.min_minor && e.counterparty >= kFirstAccountNumber &&
            e.counterparty != account) {
          out->push_back({e.timestamp, e.seq, e.base_minor, e.counterparty});
        }
        return true;
      }));
  // A hub's edges are of no use to the caller, and may be many.
  if (end == ReadEnd::kFanout) out->resize(first);
  return end;
}

Result<std::optional<uint32_t>> ResolveAccount(const storage::Store& store,
                                               std::string_view account) {
  if (IsCashAccount(account)) {
    return Status::Usage("'" + std::string(account) + "' is cash, not an account");
  }
  ASSIGN_OR_RETURN(auto number, store.AccountNumberOf(account));
  if (number) return number;
  ASSIGN_OR_RETURN(auto record, store.GetAccount(account));
  if (record) return std::optional<uint32_t>();
  return Status::NotFound("no account '" + std::string(account) + "' in " + store.path());
}

Status CheckAccount(const storage::Store& store, std::string_view account) {
  return ResolveAccount(store, account).status();
}

}  // namespace moneytrail::query::internal

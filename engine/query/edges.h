// Internal to engine/query: reading one account's side of the index as
// edges, with the limits every walk shares. Accounts are store numbers
// (Store::AccountNumberOf), named only for what a result shows. Not a
// public header.
#ifndef MONEYTRAIL_ENGINE_QUERY_EDGES_H_
#define MONEYTRAIL_ENGINE_QUERY_EDGES_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/timestamp.h"
#include "engine/query/filter.h"
#include "engine/storage/store.h"

namespace moneytrail::query::internal {

// Store numbers below this are the two spellings of cash (store.h).
inline constexpr uint32_t kFirstAccountNumber = 2;

// One transaction seen from an account: the other side, never cash.
struct Edge {
  Timestamp timestamp;
  uint64_t seq = 0;
  int64_t minor = 0;          // base currency
  uint32_t counterparty = 0;  // store number
};

// Index entries a whole query may read; shared by every ReadEdges() call of
// one query so that a walk's cost has a ceiling.
struct EntryBudget {
  uint64_t remaining = 0;
  uint64_t read = 0;
  bool exhausted = false;  // a read stopped because `remaining` reached 0
};

enum class ReadEnd {
  kComplete,  // every entry in the window was read
  kFanout,    // more than `max_fanout` entries in the window: nothing appended
  kBudget,    // the budget ran out: `out` has what was read before
};

// Appends the transactions of `account` in `direction` that pass `filter`, in
// time order, leaving out cash and transfers to itself. Entries before
// `filter.since` are read (and cost budget) but not counted against
// `max_fanout` (0 = no cap); the read stops at the first entry after
// `filter.until`.
Result<ReadEnd> ReadEdges(const storage::Store& store, uint32_t account,
                          storage::Direction direction, const TxFilter& filter, size_t max_fanout,
                          EntryBudget* budget, std::vector<Edge>* out);

// The store number of `account`: std::nullopt for an account the store has
// a record of but no transaction; Usage for cash; NotFound when the store
// knows no such account.
Result<std::optional<uint32_t>> ResolveAccount(const storage::Store& store,
                                               std::string_view account);

// Usage for cash, NotFound for an account the store knows neither from a
// record nor from a transaction, else OK.
Status CheckAccount(const storage::Store& store, std::string_view account);

}  // namespace moneytrail::query::internal

#endif  // MONEYTRAIL_ENGINE_QUERY_EDGES_H_

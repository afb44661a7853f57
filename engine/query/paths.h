// Paths: the shortest time-respecting chains of transactions from one
// account to another.
//
// A chain is a sequence of transactions t1..tn where t1 leaves `from`, tn
// reaches `to`, each one leaves the account the previous one reached, and
// each is no earlier than the previous one (equal instants are allowed: many
// statements carry dates only). No account appears twice in a chain (a loop
// would only make a chain longer), and cash is never passed through. A
// chain's *amount* is its smallest transaction in the base currency: the most
// money that can have travelled the whole way.
//
// Chains come shortest first; among chains of equal length, largest amount
// first; then by their transactions' (timestamp, ingest sequence), compared
// step by step, oldest first. The first `limit` are returned. Lengths are
// searched in increasing order and the search stops at the first length that
// completes `limit` chains, so longer chains are only looked for when the
// shorter ones are too few.
//
// The search runs from both ends and meets in the middle: forward from `from`
// over the accounts' outgoing transactions, backward from `to` over incoming
// ones, so that a chain of n hops costs two walks of about n/2 hops instead
// of one walk of n. Bounded cost, never silent truncation:
//  - an account other than `from` and `to` with more than `max_fanout`
//    transactions in the window in the walked direction is not passed
//    through (`hubs` counts them);
//  - at most `max_entries` index entries are read (`budget_exhausted`);
//  - at most `max_partials` half-chains are kept per side and length, and at
//    most `max_candidates` whole chains are examined (`search_cut`).
// Everything is visited in a fixed order, so the result is a pure function of
// the store and the options.
//
// Thread safety: reads the store only; safe to call from several threads.
#ifndef MONEYTRAIL_ENGINE_QUERY_PATHS_H_
#define MONEYTRAIL_ENGINE_QUERY_PATHS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/status.h"
#include "engine/core/timestamp.h"
#include "engine/query/filter.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

struct PathOptions {
  int max_hops = 4;                 // 1..6
  size_t limit = 10;                // chains returned, >= 1
  TxFilter filter;                  // transactions outside it are not used
  size_t max_fanout = 1000;         // >= 1; see the header comment
  size_t max_entries = 200000;      // >= 1
  size_t max_partials = 200000;     // >= 1
  size_t max_candidates = 2000000;  // >= 1
};

struct PathStep {
  std::string tx_id;
  Timestamp timestamp;
  uint64_t seq = 0;
  std::string from, to;
  int64_t minor = 0;  // base currency
  Amount amount;      // as given
};

struct Path {
  std::vector<PathStep> steps;  // hops = steps.size()
  int64_t amount_minor = 0;     // the smallest step
};

struct PathResult {
  std::string from, to;
  PathOptions options;
  std::vector<Path> paths;  // in the order of the header comment
  // Chains found at the lengths searched; more than paths.size() when the
  // limit cut the list.
  size_t found = 0;
  // The longest length searched: max_hops, or less when the limit was met.
  int searched_hops = 0;
  // The list may go on: more chains of the lengths searched than `limit`,
  // or the search stopped before max_hops because `limit` chains were found.
  bool limit_reached = false;
  size_t hubs = 0;                // accounts not passed through (max_fanout)
  bool budget_exhausted = false;  // max_entries ran out
  bool search_cut = false;        // max_partials or max_candidates ran out
  uint64_t entries_read = 0;

  bool truncated() const { return limit_reached || hubs > 0 || budget_exhausted || search_cut; }
};

// The chains from `from` to `to`. Fails with Usage on options out of range,
// when either end is cash or both ends are the same account; NotFound when
// the store knows no such account; the store's error on I/O failure or
// corruption.
Result<PathResult> FindPaths(const storage::Store& store, std::string_view from,
                             std::string_view to, const PathOptions& options);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_PATHS_H_

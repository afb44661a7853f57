// Neighbors: the accounts around one account, up to three hops away, with
// the money that connects them.
//
// The walk is breadth-first over the account index (never the whole store):
// hop 1 is every counterparty of the account, hop 2 every counterparty of a
// hop-1 account that is not nearer, and so on. Each neighbour is listed once,
// at its smallest hop, with its transactions to and from the accounts one hop
// nearer (in the walked directions, passing the filter) aggregated: how many,
// their total in the base currency, the first and last instant. Cash is never
// a neighbour and never walked through; transfers to oneself are ignored.
//
// Bounded cost, never silent truncation:
//  - a neighbour short of the last hop with more than `max_fanout`
//    transactions in the window in a walked direction (a utility, a payment
//    processor) is listed but not expanded: `hub` is set on it;
//  - at most `max_entries` index entries are read in all; when they run out
//    the walk stops where it is and `budget_exhausted` is set;
//  - at most `limit` neighbours are returned; `found` says how many there were.
// Accounts are expanded in id order, so every limit cuts the same way on
// every run: the result is a pure function of the store and the options.
//
// Thread safety: reads the store only; safe to call from several threads.
#ifndef MONEYTRAIL_ENGINE_QUERY_NEIGHBORS_H_
#define MONEYTRAIL_ENGINE_QUERY_NEIGHBORS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/timestamp.h"
#include "engine/query/filter.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

// Which transactions a walk follows from an account: those it sent (kOut),
// those it received (kIn), or both.
enum class WalkDirection { kOut, kIn, kBoth };
std::string_view WalkDirectionName(WalkDirection d);  // "out", "in", "both"
std::optional<WalkDirection> WalkDirectionFromName(std::string_view name);

struct NeighborsOptions {
  int hops = 1;  // 1..3
  WalkDirection direction = WalkDirection::kBoth;
  TxFilter filter;
  size_t limit = 100;           // neighbours returned, >= 1
  size_t max_fanout = 1000;     // see the header comment; >= 1
  size_t max_entries = 100000;  // index entries read in all; >= 1
};

struct Neighbor {
  std::string account;
  int hop = 0;
  // The account one hop nearer with the largest total to or from this one
  // (ties: the smallest id); the queried account for hop 1.
  std::string via;
  // Which way the aggregated transactions ran, seen from the nearer side:
  // away from it (sent_out), towards it (received_in), or some of each.
  bool sent_out = false;
  bool received_in = false;
  uint64_t transactions = 0;
  int64_t total_minor = 0;  // base currency
  Timestamp first, last;
  // True when the walk tried to expand this account and found more than
  // `max_fanout` transactions: its own neighbours are not listed.
  bool hub = false;
};

struct NeighborsResult {
  std::string account;
  NeighborsOptions options;
  // Ordered by hop, then total (largest first), then account id.
  std::vector<Neighbor> neighbors;
  size_t found = 0;               // neighbours before `limit` cut the list
  size_t hubs = 0;                // accounts not expanded because of `max_fanout`
  bool budget_exhausted = false;  // the walk stopped at `max_entries`
  uint64_t entries_read = 0;

  bool limit_reached() const { return found > neighbors.size(); }
  bool truncated() const { return limit_reached() || hubs > 0 || budget_exhausted; }
};

// The neighbourhood of `account`. Fails with Usage on options out of range or
// when `account` is cash, NotFound when the store knows no such account, and
// with the store's error on I/O failure or corruption.
Result<NeighborsResult> Neighbors(const storage::Store& store, std::string_view account,
                                  const NeighborsOptions& options);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_NEIGHBORS_H_

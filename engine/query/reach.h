// Reach: how many accounts money from one account can have reached in at
// most three transfers (or, walking in, how many can have sent money to it):
// the size of a neighbourhood, counted per hop, without listing it. The
// question an investigator asks before opening a neighbourhood that may
// hold half the store, and the one a recursive SQL query answers.
//
// The walk is Neighbors()' walk without a filter, over an AccountGraph held
// in memory instead of the store: each account is counted once, at its
// smallest hop; cash is never reached nor walked through; the queried
// account is never counted; an account short of the last hop with more than
// `max_fanout` transactions in a walked direction is counted but not
// expanded (a hub). So `found` equals Neighbors().found for the same
// account, hops, direction and max_fanout whenever Neighbors() was not cut
// by its entry budget; there is no budget here.
//
// The last hop is counted whichever way is cheaper: forward from the ring
// before it, or backward, by asking each account not yet reached whether
// one of its counterparties is in that ring (direction-optimising
// breadth-first search). The counts are the same either way.
//
// Thread safety: reads the graph and the store only; safe to call from
// several threads at once.
#ifndef MONEYTRAIL_ENGINE_QUERY_REACH_H_
#define MONEYTRAIL_ENGINE_QUERY_REACH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/query/account_graph.h"
#include "engine/query/neighbors.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

struct ReachOptions {
  int hops = 3;  // 1..3
  WalkDirection direction = WalkDirection::kOut;
  size_t max_fanout = 1000;  // >= 1
  // When set (sorted store numbers): only these accounts are counted, in
  // `found`, `by_hop` and `hubs`; the walk still passes through the others.
  // For callers who may show only part of the store.
  const std::vector<uint32_t>* counted = nullptr;
};

struct ReachResult {
  std::string account;
  ReachOptions options;
  std::vector<uint64_t> by_hop;  // by_hop[h - 1]: accounts first reached at hop h
  uint64_t found = 0;            // the sum of by_hop
  uint64_t hubs = 0;             // counted accounts not expanded because of max_fanout
  int backward_hops = 0;         // hops counted backward (cost only: counts are the same)

  bool truncated() const { return hubs > 0; }
};

// The reach of `account`. `graph` must have been built from `store` (or a
// store with the same account numbers). Fails with Usage on options out of
// range or when `account` is cash, NotFound when the store knows no such
// account, and with the store's error on I/O failure.
Result<ReachResult> Reach(const AccountGraph& graph, const storage::Store& store,
                          std::string_view account, const ReachOptions& options);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_REACH_H_

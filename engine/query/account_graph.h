// AccountGraph: who has ever paid whom, held in memory, for questions that
// walk far (reachability over three hops touches a good part of a store)
// and must still answer in well under a millisecond.
//
// One pass over the ledger builds it. For every account (by store number)
// and each direction it keeps:
//  - its distinct counterparties, sorted by store number, leaving out cash
//    and transfers to itself: the edges a walk follows;
//  - how many index entries it has in that direction (every transaction it
//    sent, or received, cash and transfers to itself included): what the
//    store-backed walks count against their `max_fanout`, so that a walk
//    here and one over the store call the same accounts hubs.
// Amounts and times are not kept: a question that filters by them or
// reports them reads the store (Neighbors(), FindPaths()).
//
// Memory: 4 bytes per distinct (payer, payee) pair in each direction plus
// 24 bytes per account number; about 70 MB for a 10 M-transaction store.
// The graph is a snapshot: it does not follow later commits to the store.
//
// Thread safety: immutable after Build(); safe to share between threads.
#ifndef MONEYTRAIL_ENGINE_QUERY_ACCOUNT_GRAPH_H_
#define MONEYTRAIL_ENGINE_QUERY_ACCOUNT_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/core/status.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

class AccountGraph {
 public:
  // Reads the whole ledger once (Store::ForEachLedgerEntryInParts, `threads`
  // parts). Fails with the store's error on I/O failure or corruption.
  static Result<std::unique_ptr<AccountGraph>> Build(const storage::Store& store,
                                                     size_t threads = 2);

  AccountGraph(const AccountGraph&) = delete;
  AccountGraph& operator=(const AccountGraph&) = delete;

  // One past the largest account number the graph knows.
  uint32_t account_limit() const { return static_cast<uint32_t>(out_.entries.size()); }

  // The distinct accounts `account` paid (kOut) or was paid by (kIn),
  // ascending; empty for cash and for numbers past account_limit().
  std::span<const uint32_t> Counterparties(uint32_t account, storage::Direction d) const {
    const Side& s = side(d);
    if (account >= account_limit()) return {};
    return {s.targets.data() + s.offsets[account], s.targets.data() + s.offsets[account + 1]};
  }
  // Index entries of `account` in direction `d` (transactions sent / received).
  uint32_t Entries(uint32_t account, storage::Direction d) const {
    return account < account_limit() ? side(d).entries[account] : 0;
  }

  uint64_t transactions() const { return transactions_; }
  // Distinct (payer, payee) pairs between two accounts, cash left out.
  size_t pairs() const { return out_.targets.size(); }
  size_t MemoryBytes() const;

 private:
  struct Side {
    std::vector<uint64_t> offsets;  // account_limit() + 1
    std::vector<uint32_t> targets;
    std::vector<uint32_t> entries;  // account_limit()
  };
  AccountGraph() = default;
  const Side& side(storage::Direction d) const {
    return d == storage::Direction::kOut ? out_ : in_;
  }

  Side out_, in_;
  uint64_t transactions_ = 0;
};

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_ACCOUNT_GRAPH_H_
